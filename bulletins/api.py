"""Bulletins over the API: those the user may read (issued ones for every plan role, drafts for those who see the
whole plan); the office edits a draft's paragraphs (PATCH, refused once issued), approves and issues it."""

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from bulletins.models import Bulletin
from bulletins.permissions import can_read_bulletin, readable_bulletins
from bulletins.services import PARAGRAPHS, bulletin_approve, bulletin_edit, bulletin_issue
from core.api.errors import call_service, error_response
from core.errors import StaleVersionError


class BulletinSerializer(serializers.ModelSerializer):
    number = serializers.CharField(source="document_number")

    class Meta:
        model = Bulletin
        fields = ["id", "kind", "year", "number", "title", "state", "as_of", "overview", "praise", "criticism",
                  "requirements", "figures", "version", "issued_at", "build"]


class ParagraphsInput(serializers.Serializer):
    overview = serializers.CharField(required=False, allow_blank=True, max_length=5000)
    praise = serializers.CharField(required=False, allow_blank=True, max_length=5000)
    criticism = serializers.CharField(required=False, allow_blank=True, max_length=5000)
    requirements = serializers.CharField(required=False, allow_blank=True, max_length=5000)
    version = serializers.IntegerField()


class VersionInput(serializers.Serializer):
    version = serializers.IntegerField()


class BulletinViewSet(viewsets.ReadOnlyModelViewSet):
    """通报 the user may read, newest first."""

    serializer_class = BulletinSerializer
    queryset = Bulletin.objects.none()  # for the schema
    lookup_value_regex = r"[0-9]+"

    def get_queryset(self):
        return readable_bulletins(self.request.user, Bulletin.objects.select_related("issued_by"))

    def get_object(self):
        bulletin = Bulletin.objects.filter(pk=self.kwargs["pk"]).first()
        if bulletin is None or not can_read_bulletin(self.request.user, bulletin):
            raise exceptions.NotFound
        return bulletin

    def _call(self, request, service, input_serializer, *, extra):
        bulletin = self.get_object()
        data = input_serializer(data=request.data)
        if not data.is_valid():
            raise exceptions.ValidationError(data.errors)
        values = data.validated_data
        try:
            changed = call_service(service, bulletin=bulletin, actor=request.user,
                                   expected_version=values["version"], **extra(values))
        except StaleVersionError as stale:
            return error_response("stale_version", _("The bulletin changed since you read it; read it again."),
                                  status.HTTP_409_CONFLICT, current_version=stale.item.version)
        return Response(BulletinSerializer(changed).data)

    @extend_schema(request=ParagraphsInput, responses={200: BulletinSerializer})
    def partial_update(self, request, pk=None):
        """The office's paragraphs of a draft; an issued bulletin is refused (400)."""
        return self._call(request, bulletin_edit, ParagraphsInput, extra=lambda values: {
            "paragraphs": {name: values[name] for name in PARAGRAPHS if name in values}})

    @extend_schema(request=VersionInput, responses={200: BulletinSerializer})
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        return self._call(request, bulletin_approve, VersionInput, extra=lambda values: {})

    @extend_schema(request=VersionInput, responses={200: BulletinSerializer})
    @action(detail=True, methods=["post"])
    def issue(self, request, pk=None):
        """印发: the next number of the year; every unit is told; the documents are built in the background."""
        return self._call(request, bulletin_issue, VersionInput, extra=lambda values: {})
