"""Plan revisions over the API: the plan changes list, and the revision actions of tasks, key projects and
targets (coordinators only; the same services and rules as the pages)."""

from datetime import date

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import exceptions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from core.api.errors import call_service, error_response
from core.api.fields import decimal_as_number
from core.errors import StaleVersionError
from core.numbers import parse_int
from revisions.filters import RevisionFilter
from revisions.selectors import original_deadline, original_target, revision_list, revisions_in_order
from revisions.services import indicator_revise_target, item_revise_deadline, item_set_scope
from tasks.models import ItemScope, Task


class RevisionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    subject_type = serializers.SerializerMethodField()
    subject = serializers.CharField(source="subject_code")
    field = serializers.CharField()
    old_value = serializers.CharField()
    new_value = serializers.CharField()
    merged_into = serializers.CharField(source="merged_into.code", allow_null=True, default=None)
    reason = serializers.CharField()
    reference = serializers.CharField()
    effective_from = serializers.DateField()
    by = serializers.CharField(source="actor.username")
    created_at = serializers.DateTimeField()

    def get_subject_type(self, obj) -> str:
        return "task" if obj.task_id else ("key_project" if obj.key_project_id else "indicator")


@extend_schema_field(RevisionSerializer(many=True))
class RevisionsField(serializers.Field):
    """Every plan revision of the item, oldest first ("original → revised (reason, date)")."""

    def __init__(self, **kwargs):
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, obj):
        revisions = revisions_in_order(obj)
        # Most items are never revised: skip building a serializer per row for nothing (lists of thousands).
        return RevisionSerializer(revisions, many=True).data if revisions else []


class RevisedItemFields(serializers.Serializer):
    """What a task or key project looks like with its revisions: the deadline the plan adopted, every change."""

    original_deadline = serializers.SerializerMethodField()
    revisions = RevisionsField()

    def get_original_deadline(self, obj) -> date | None:
        return original_deadline(obj)


class RevisedTargetFields(serializers.Serializer):
    """A target with the value and year the plan adopted, before any revision."""

    original_target_value = serializers.SerializerMethodField()
    original_target_year = serializers.SerializerMethodField()

    def get_original_target_value(self, obj) -> float:
        return decimal_as_number(original_target(obj)[0])

    def get_original_target_year(self, obj) -> int:
        return original_target(obj)[1]


def with_revisions(serializer_class, fields=RevisedItemFields):
    """The serializer of tasks, key projects or targets with what revisions add to them (tasks/, projects/ and
    indicators/ know nothing of this app); composed in yunnan_emergency/api_urls.py."""
    return type(serializer_class.__name__, (serializer_class, fields), {"__module__": serializer_class.__module__})


class ItemRevisionInputSerializer(serializers.Serializer):
    """Either a new deadline, or a new scope (with the task merged into, by code)."""

    deadline = serializers.DateField(required=False)
    scope = serializers.ChoiceField(choices=ItemScope.choices, required=False)
    merged_into = serializers.CharField(required=False, max_length=20)
    reason = serializers.CharField(max_length=2000)
    reference = serializers.CharField(max_length=200)
    version = serializers.IntegerField(min_value=1)

    def validate(self, data):
        if ("deadline" in data) == ("scope" in data):
            raise serializers.ValidationError(_("Send either a new deadline or a new scope."))
        if "merged_into" in data:
            data["merged_into"] = Task.objects.filter(code=data["merged_into"]).first()
            if data["merged_into"] is None:
                raise serializers.ValidationError({"merged_into": _("No task has this code.")})
        return data


class TargetRevisionInputSerializer(serializers.Serializer):
    target_value = serializers.DecimalField(max_digits=14, decimal_places=4)
    target_year = serializers.IntegerField(min_value=2021, max_value=2035)
    reason = serializers.CharField(max_length=2000)
    reference = serializers.CharField(max_length=200)
    version = serializers.IntegerField(min_value=1)


def _revise(service, **kwargs):
    """Run a revision service; a stale version is a 409 like any other stale edit."""
    try:
        result = call_service(service, **kwargs)
    except StaleVersionError as stale:
        return error_response("stale_version", _("Someone else changed this item; read it again."),
                              status.HTTP_409_CONFLICT, current_version=stale.item.version)
    revisions = result if isinstance(result, list) else [result]
    return Response(RevisionSerializer(revisions, many=True).data, status=status.HTTP_201_CREATED)


class ItemRevisionMixin:
    """POST …/revisions/ on a task or key project."""

    @extend_schema(request=ItemRevisionInputSerializer, responses={201: RevisionSerializer(many=True)})
    @action(detail=True, methods=["post"], url_path="revisions")
    def revisions(self, request, *args, **kwargs):
        item = self.get_object()
        data = ItemRevisionInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        common = {"item": item, "actor": request.user, "expected_version": values.pop("version"),
                  "reason": values.pop("reason"), "reference": values.pop("reference")}
        if "deadline" in values:
            return _revise(item_revise_deadline, deadline=values["deadline"], **common)
        return _revise(item_set_scope, scope=values["scope"], merged_into=values.get("merged_into"), **common)


class TargetRevisionMixin:
    @extend_schema(request=TargetRevisionInputSerializer, responses={201: RevisionSerializer(many=True)})
    @action(detail=True, methods=["post"], url_path="revisions")
    def revisions(self, request, *args, **kwargs):
        indicator = self.get_object()
        data = TargetRevisionInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        return _revise(indicator_revise_target, indicator=indicator, actor=request.user,
                       expected_version=values.pop("version"), **values)


class RevisionViewSet(viewsets.ReadOnlyModelViewSet):
    """Every plan change the user may see (all targets; tasks and key projects in the user's scope)."""

    serializer_class = RevisionSerializer
    filterset_class = RevisionFilter

    def get_queryset(self):
        return revision_list(user=self.request.user)

    def retrieve(self, request, *args, **kwargs):
        if parse_int(kwargs.get("pk", "")) is None:
            raise exceptions.NotFound
        return super().retrieve(request, *args, **kwargs)
