"""督办单 over the API: the notices a user may read (as on the pages), the unit's answer by id, the office's closing
and asking again."""

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from core.api.errors import call_service, error_response
from core.errors import StaleVersionError
from notices.models import NoticeColour, NoticeState, SupervisionNotice
from notices.selectors import notice_detail, notice_list
from notices.services import notice_answer, notice_ask_again, notice_close
from tasks.api.serializers import AboutPlanItemSerializer


class NoticeLineSerializer(AboutPlanItemSerializer):
    part_unit = serializers.CharField(source="part.agency.name", allow_null=True, default=None)
    reason = serializers.CharField()
    deadline = serializers.DateField(allow_null=True)
    resolved_on = serializers.DateField(allow_null=True)
    resolution = serializers.CharField()


class NoticeStepSerializer(serializers.Serializer):
    kind = serializers.CharField()
    text = serializers.CharField()
    promised_by = serializers.DateField(allow_null=True)
    answer_by = serializers.DateField(allow_null=True)
    by = serializers.CharField(source="by.username", allow_null=True, default=None)
    at = serializers.DateTimeField()
    attachments = serializers.SerializerMethodField()

    def get_attachments(self, obj) -> list[str]:
        return [attachment.original_name for attachment in obj.attachments.all()]


class NoticeSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    number = serializers.CharField()
    colour = serializers.CharField()
    level = serializers.IntegerField()
    agency_id = serializers.IntegerField()
    agency = serializers.CharField(source="agency.name")
    issued_on = serializers.DateField()
    answer_by = serializers.DateField()
    state = serializers.CharField()
    listed_for_leadership_at = serializers.DateTimeField(allow_null=True)
    close_reason = serializers.CharField()
    version = serializers.IntegerField()
    lines = NoticeLineSerializer(many=True)


class NoticeDetailSerializer(NoticeSerializer):
    steps = NoticeStepSerializer(many=True)


class NoticeAnswerInputSerializer(serializers.Serializer):
    text = serializers.CharField(max_length=4000)
    promised_by = serializers.DateField()
    version = serializers.IntegerField()
    evidence = serializers.ListField(child=serializers.FileField(), required=False, default=list)


class NoticeDecisionInputSerializer(serializers.Serializer):
    text = serializers.CharField(max_length=4000)
    version = serializers.IntegerField()


class NoticeViewSet(viewsets.ReadOnlyModelViewSet):
    """Supervision notices (督办单) the user may read (?state=open|awaiting|answered|escalated|closed, ?colour=)."""

    serializer_class = NoticeSerializer
    queryset = SupervisionNotice.objects.none()  # for the schema; each user reads what notice_list gives
    lookup_value_regex = r"[0-9]+"

    @extend_schema(parameters=[
        OpenApiParameter("state", str, enum=["open", *NoticeState.values], description="only notices in this state"),
        OpenApiParameter("colour", str, enum=NoticeColour.values, description="only notices of this colour")])
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    def get_queryset(self):
        state = self.request.query_params.get("state")
        colour = self.request.query_params.get("colour")
        return notice_list(user=self.request.user,
                           state=state if state in {"open", *NoticeState.values} else None,
                           colour=colour if colour in NoticeColour.values else None)

    def get_object(self):
        try:
            return notice_detail(user=self.request.user, pk=int(self.kwargs["pk"]))
        except SupervisionNotice.DoesNotExist as exc:
            raise exceptions.NotFound from exc

    @extend_schema(responses=NoticeDetailSerializer)
    def retrieve(self, request, *args, **kwargs):
        return Response(NoticeDetailSerializer(self.get_object()).data)

    def _step(self, request, service, input_serializer, **fields):
        notice = self.get_object()
        data = input_serializer(data=request.data)
        if not data.is_valid():
            raise exceptions.ValidationError(data.errors)
        values = data.validated_data
        try:
            call_service(service, notice=notice, actor=request.user, expected_version=values["version"],
                         **{name: values[source] for name, source in fields.items()})
        except StaleVersionError as stale:
            return error_response("stale_version", _("The notice changed since you read it; read it again."),
                                  status.HTTP_409_CONFLICT, current_version=stale.item.version)
        return Response(NoticeDetailSerializer(notice_detail(user=request.user, pk=notice.pk)).data)

    @extend_schema(request={"multipart/form-data": NoticeAnswerInputSerializer,
                            "application/json": NoticeAnswerInputSerializer},
                   responses={200: NoticeDetailSerializer})
    @action(detail=True, methods=["post"])
    def answer(self, request, pk=None):
        """反馈: the unit says what it will do and by when (with files, multipart `evidence`)."""
        return self._step(request, notice_answer, NoticeAnswerInputSerializer, text="text",
                          promised_by="promised_by", files="evidence")

    @extend_schema(request=NoticeDecisionInputSerializer, responses={200: NoticeDetailSerializer})
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        """The office closes the notice with the reason (`text`)."""
        return self._step(request, notice_close, NoticeDecisionInputSerializer, reason="text")

    @extend_schema(request=NoticeDecisionInputSerializer, responses={200: NoticeDetailSerializer})
    @action(detail=True, methods=["post"], url_path="ask-again")
    def ask_again(self, request, pk=None):
        """The office asks again (`text`: what the unit must add); a new answer-by date is set."""
        return self._step(request, notice_ask_again, NoticeDecisionInputSerializer, text="text")
