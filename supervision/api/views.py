"""The supervision loop over the API: the assignments a user may see, 签收 by id, and 交办 on an item; extension
requests, asked on an item and decided by id. The item actions are composed onto the tasks', key projects' and
safeguards' resources in yunnan_emergency/api_urls.py."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import exceptions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from agencies.models import Agency, User
from core.api.errors import call_service, error_response
from core.errors import StaleVersionError
from reporting.api.serializers import (
    CompletionDecisionInputSerializer,
    CompletionDecisionSerializer,
    StatusUpdateInputSerializer,
)
from reporting.selectors import PartTerms, item_parts, part_terms, unit_part
from reporting.services import completion_decide, part_update_status
from reporting.views import after_save
from snapshots.models import SubjectKind
from snapshots.selectors import lights_of
from supervision.models import ExtensionStatus
from supervision.permissions import sees_unit_row
from supervision.selectors import assignment_list, extension_list
from supervision.services import (
    assignment_acknowledge,
    assignment_save,
    extension_approve,
    extension_reject,
    extension_request,
)

ITEM_TYPES = {"task": "task", "keyproject": "key_project", "safeguard": "safeguard"}


class AssignmentSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    item_type = serializers.SerializerMethodField()
    item = serializers.CharField(source="item.__str__")
    item_url = serializers.CharField(source="item.get_absolute_url")
    agency_id = serializers.IntegerField()
    agency = serializers.CharField(source="agency.name")
    contact = serializers.CharField(source="contact.username", allow_null=True, default=None)
    instructions = serializers.CharField()
    internal_deadline = serializers.DateField(allow_null=True)
    assigned_by = serializers.CharField(source="assigned_by.username")
    assigned_at = serializers.DateTimeField()
    acknowledge_by = serializers.DateField()
    acknowledged_by = serializers.CharField(source="acknowledged_by.username", allow_null=True, default=None)
    acknowledged_at = serializers.DateTimeField(allow_null=True)
    acknowledgement_overdue = serializers.SerializerMethodField()
    version = serializers.IntegerField()

    def get_item_type(self, obj) -> str:
        return ITEM_TYPES[obj.item_type.model]

    def get_acknowledgement_overdue(self, obj) -> bool:
        return obj.acknowledgement_overdue(timezone.localdate())


class AssignmentInputSerializer(serializers.Serializer):
    """交办 one unit, perhaps with its part's terms (PartTermsInputSerializer's fields)."""

    agency = serializers.IntegerField(min_value=1, max_value=2**31 - 1, help_text="The responsible unit's id.")
    contact = serializers.IntegerField(min_value=1, max_value=2**31 - 1, allow_null=True, required=False,
                                       help_text="A user of that unit who answers for it.")
    instructions = serializers.CharField(max_length=4000, allow_blank=True, required=False, default="")
    internal_deadline = serializers.DateField(allow_null=True, required=False)
    version = serializers.IntegerField(min_value=1, max_value=2**31 - 1, required=False,
                                       help_text="The assignment's version read; needed to change an assignment.")

    def validate_agency(self, value):
        agency = Agency.objects.filter(pk=value).first()
        if agency is None:
            raise serializers.ValidationError(_("No such unit."))
        return agency

    def validate_contact(self, value):
        if value is None:
            return None
        contact = User.objects.filter(pk=value).first()
        if contact is None:
            raise serializers.ValidationError(_("No such user."))
        return contact


class MilestoneSerializer(serializers.Serializer):
    year = serializers.IntegerField(min_value=2021, max_value=2035)
    percent = serializers.IntegerField(min_value=1, max_value=100, help_text="Percent complete by the year's end.")


class PartTermsInputSerializer(serializers.Serializer):
    """分解: what the unit's part is, its own deadline, its yearly milestones (sent together; omitted, they stay)."""

    part_title = serializers.CharField(max_length=200, allow_blank=True, required=False, default="")
    part_deadline = serializers.DateField(allow_null=True, required=False, default=None)
    milestones = MilestoneSerializer(many=True, required=False, default=list)
    part_version = serializers.IntegerField(
        min_value=0, max_value=2**31 - 1, required=False, allow_null=True, default=None,
        help_text="The part's terms_version read (0: the unit had no part), so that terms changed meanwhile (an "
                  "approved extension, a colleague's) are not written over: a stale one is a 409.")

    @staticmethod
    def terms(sent: dict, current: PartTerms) -> PartTerms | None:
        """The part's terms with the fields sent replacing the current ones (None when none was sent)."""
        if not sent:
            return None
        milestones = tuple(sorted((m["year"], m["percent"]) for m in sent["milestones"])) \
            if "milestones" in sent else current.milestones
        return PartTerms(sent.get("part_title", current.title).strip(), sent.get("part_deadline", current.deadline),
                         milestones)


class AcknowledgementInputSerializer(serializers.Serializer):
    version = serializers.IntegerField(min_value=1, max_value=2**31 - 1, required=False,
                                       help_text="The assignment's version read: the terms acknowledged.")


def _stale_conflict(stale: StaleVersionError) -> Response:
    return error_response("stale_version", _("Someone else changed this assignment; read it again."),
                          status.HTTP_409_CONFLICT, current_version=stale.item.version)


class AssignmentViewSet(viewsets.ReadOnlyModelViewSet):
    """Assignments (交办) the user may see: all of them for the provincial office, leadership and auditors; a
    unit's own for its users. POST …/acknowledge/ is the unit's 签收."""

    serializer_class = AssignmentSerializer

    def get_queryset(self):
        return assignment_list(user=self.request.user).prefetch_related("item", "assigned_by")

    @extend_schema(request=AcknowledgementInputSerializer, responses={200: AssignmentSerializer})
    @action(detail=True, methods=["post"])
    def acknowledge(self, request, pk=None):
        data = AcknowledgementInputSerializer(data=request.data)
        if not data.is_valid():
            raise exceptions.ValidationError(data.errors)
        try:
            assignment = call_service(assignment_acknowledge, assignment=self.get_object(), actor=request.user,
                                      expected_version=data.validated_data.get("version"))
        except StaleVersionError as stale:
            return _stale_conflict(stale)
        return Response(AssignmentSerializer(assignment).data)


class ItemAssignmentMixin:
    """POST …/assignments/ on a task, key project or safeguard: 交办 (with `version` to change one)."""

    @extend_schema(request=inline_serializer("AssignmentWithPartInput", fields={
        **AssignmentInputSerializer().fields, **PartTermsInputSerializer().fields}),
        responses={201: AssignmentSerializer})
    @action(detail=True, methods=["post"], url_path="assignments")
    def assignments(self, request, *args, **kwargs):
        item = self.get_object()
        data, part = AssignmentInputSerializer(data=request.data), PartTermsInputSerializer(data=request.data)
        if not (data.is_valid() & part.is_valid()):
            raise exceptions.ValidationError(data.errors | part.errors)
        nested = any(str(key).startswith("milestones[") for key in request.data)
        if nested or ("milestones" in request.data and not isinstance(request.data.get("milestones"), list)):
            # A form-encoded body cannot carry the list: read as empty, it would remove the milestones.
            raise exceptions.ValidationError({"milestones": [_("Send the milestones as a JSON list of {\"year\", "
                                                               "\"percent\"} objects.")]})
        values = data.validated_data
        # Only the part's fields the request sent count: an omitted field must not blank what is there.
        sent = {field: part.validated_data[field] for field in ("part_title", "part_deadline", "milestones")
                if field in request.data}
        terms = PartTermsInputSerializer.terms(sent, part_terms(unit_part(item, values["agency"])))
        try:
            assignment = call_service(
                assignment_save, item=item, actor=request.user, agency=values["agency"],
                contact=values.get("contact"), instructions=values.get("instructions", ""),
                internal_deadline=values.get("internal_deadline"), part=terms,
                expected_version=values.get("version"), expected_part_version=part.validated_data["part_version"])
        except StaleVersionError as stale:
            return _stale_conflict(stale)
        return Response(AssignmentSerializer(assignment).data, status=status.HTTP_201_CREATED)


class ExtensionRequestSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    item_type = serializers.SerializerMethodField()
    item = serializers.CharField(source="item.__str__")
    item_url = serializers.CharField(source="item.get_absolute_url")
    agency = serializers.CharField(source="agency.name")
    requested_by = serializers.CharField(source="requested_by.username")
    requested_at = serializers.DateTimeField()
    current_deadline = serializers.DateField()
    requested_deadline = serializers.DateField()
    reason = serializers.CharField()
    evidence = serializers.SerializerMethodField()
    status = serializers.CharField()
    decided_by = serializers.CharField(source="decided_by.username", allow_null=True, default=None)
    decided_at = serializers.DateTimeField(allow_null=True)
    decision_note = serializers.CharField()
    revision = serializers.IntegerField(source="revision_id", allow_null=True)

    def get_item_type(self, obj) -> str:
        return ITEM_TYPES[obj.item_type.model]

    def get_evidence(self, obj) -> list[str]:
        """Download addresses of the attachments (the same permission check as any evidence)."""
        return [reverse("evidence", args=[file.pk]) for file in obj.entry.evidence.all()]


class ExtensionRequestInputSerializer(serializers.Serializer):
    requested_deadline = serializers.DateField()
    reason = serializers.CharField(max_length=4000)
    evidence = serializers.ListField(child=serializers.FileField(), required=False, default=list)


class ExtensionDecisionInputSerializer(serializers.Serializer):
    note = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")


class ExtensionRequestViewSet(viewsets.ReadOnlyModelViewSet):
    """Extension requests (延期申请) the user may see (?status=pending|approved|rejected); the provincial office
    approves (into a plan revision) or rejects (with a note)."""

    serializer_class = ExtensionRequestSerializer

    @extend_schema(parameters=[OpenApiParameter("status", str, enum=ExtensionStatus.values,
                                                description="only the requests in this state")])
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    # on_saved(item=…) after an approval: the composition root hands in the item's light (an aggregate).
    on_saved = None

    def get_queryset(self):
        status_filter = self.request.query_params.get("status")
        return extension_list(user=self.request.user,
                              status=status_filter if status_filter in ExtensionStatus.values else None)

    def _decide(self, request, service):
        data = ExtensionDecisionInputSerializer(data=request.data)
        if not data.is_valid():
            raise exceptions.ValidationError(data.errors)
        try:
            decided = call_service(service, request=self.get_object(), note=data.validated_data["note"],
                                   actor=request.user)
        except StaleVersionError as stale:
            return error_response("stale_version", _("The item changed while you decided; read it again."),
                                  status.HTTP_409_CONFLICT, current_version=stale.item.version)
        if self.on_saved is not None and decided.status == ExtensionStatus.APPROVED:
            after_save(type(self).on_saved, decided.item)
        return Response(ExtensionRequestSerializer(decided).data)

    @extend_schema(request=ExtensionDecisionInputSerializer, responses={200: ExtensionRequestSerializer})
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        return self._decide(request, extension_approve)

    @extend_schema(request=ExtensionDecisionInputSerializer, responses={200: ExtensionRequestSerializer})
    @action(detail=True, methods=["post"])
    def reject(self, request, pk=None):
        return self._decide(request, extension_reject)


class ItemExtensionMixin:
    """POST …/extension-requests/ on a task or key project: the lead unit asks for a later deadline (multipart
    with attachments in `evidence`, or JSON)."""

    @extend_schema(request={"multipart/form-data": ExtensionRequestInputSerializer,
                            "application/json": ExtensionRequestInputSerializer},
                   responses={201: ExtensionRequestSerializer})
    @action(detail=True, methods=["post"], url_path="extension-requests")
    def extension_requests(self, request, *args, **kwargs):
        item = self.get_object()
        data = ExtensionRequestInputSerializer(data=request.data)
        if not data.is_valid():
            raise exceptions.ValidationError(data.errors)
        made = call_service(extension_request, item=item, actor=request.user,
                            requested_deadline=data.validated_data["requested_deadline"],
                            reason=data.validated_data["reason"], files=data.validated_data["evidence"])
        return Response(ExtensionRequestSerializer(made).data, status=status.HTTP_201_CREATED)


class PartSerializer(serializers.Serializer):
    """One responsible unit's part of an item, with today's light."""

    id = serializers.IntegerField()
    agency_id = serializers.IntegerField()
    agency = serializers.CharField(source="agency.name")
    title = serializers.CharField()
    deadline = serializers.DateField(allow_null=True)
    milestones = MilestoneSerializer(many=True, source="milestones.all")
    status = serializers.CharField()
    percent = serializers.IntegerField()
    narrative = serializers.CharField()
    status_updated_at = serializers.DateTimeField(allow_null=True)
    status_updated_by = serializers.CharField(source="status_updated_by.username", allow_null=True, default=None)
    version = serializers.IntegerField(help_text="Grows with the unit's status updates: send it to update the part.")
    terms_version = serializers.IntegerField(help_text="Grows with the office's terms: send it as part_version.")
    light = serializers.SerializerMethodField()
    light_reason = serializers.SerializerMethodField()

    def _light(self, obj):
        return self.context.get("lights", {}).get(obj.pk)

    def get_light(self, obj) -> str | None:
        light = self._light(obj)
        return light.light if light else None

    def get_light_reason(self, obj) -> str:
        light = self._light(obj)
        return light.reason if light else ""


class PartUpdateInputSerializer(StatusUpdateInputSerializer):
    """The unit's status of its own part; `version` is the part's version read (1, or omitted, before the unit
    has a part)."""


class ItemPartMixin:
    """…/parts/ on a task, key project or safeguard: each responsible unit's own part (GET, scoped as the item
    page's grid); POST: a unit updates its own part ("completed" is a completion request);
    …/parts/<id>/completion/: the provincial office's decision on a part's completion."""

    on_saved = None  # the item's light, handed in by the composition root (yunnan_emergency/api_urls.py)

    def _parts_saved(self, item) -> None:
        if self.on_saved is not None:
            after_save(type(self).on_saved, item)

    @staticmethod
    def _parts_data(item, user, parts) -> list:
        parts = [part for part in parts if sees_unit_row(user, part.agency)]
        lights = lights_of(kind=SubjectKind.UNIT_PART, ids=[part.pk for part in parts]) if parts else {}
        return PartSerializer(parts, many=True, context={"lights": lights}).data

    @extend_schema(methods=["GET"], responses=PartSerializer(many=True))
    @extend_schema(methods=["POST"], request={"multipart/form-data": PartUpdateInputSerializer,
                                              "application/json": PartUpdateInputSerializer},
                   responses={201: PartSerializer})
    @action(detail=True, methods=["get", "post"], url_path="parts")
    def parts(self, request, *args, **kwargs):
        item = self.get_object()
        if request.method == "GET":
            visible = [part for part in item_parts(item) if sees_unit_row(request.user, part.agency)]
            return self.get_paginated_response(self._parts_data(item, request.user, self.paginate_queryset(visible)))
        data = PartUpdateInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        try:
            call_service(part_update_status, item=item, actor=request.user, status=values["status"],
                         percent=values["percent"], narrative=values["narrative"], problems=values["problems"],
                         next_steps=values["next_steps"], files=values["evidence"],
                         expected_version=values.get("version"))
        except StaleVersionError as stale:
            return error_response("stale_version", _("Someone of your unit updated this part; read it again."),
                                  status.HTTP_409_CONFLICT, current_version=stale.item.version)
        self._parts_saved(item)
        return Response(self._parts_data(item, request.user, [unit_part(item, request.user.agency)])[0],
                        status=status.HTTP_201_CREATED)

    @extend_schema(request=CompletionDecisionInputSerializer, responses={200: CompletionDecisionSerializer},
                   parameters=[OpenApiParameter("part_id", int, OpenApiParameter.PATH)])
    @action(detail=True, methods=["post"], url_path=r"parts/(?P<part_id>[0-9]+)/completion")
    def part_completion(self, request, *args, part_id=None, **kwargs):
        """办结审核 of a unit's part (the provincial office): verify, send back or reopen; `version` is the
        part's."""
        item = self.get_object()
        part = next((p for p in item_parts(item) if str(p.pk) == part_id and sees_unit_row(request.user, p.agency)),
                    None)
        if part is None:
            raise exceptions.NotFound(_("This item has no such part."))
        data = CompletionDecisionInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        try:
            decided = call_service(completion_decide, decision=values["decision"], item=item, part=part,
                                   note=values["note"], actor=request.user, expected_version=values["version"])
        except StaleVersionError as stale:
            return error_response("stale_version", _("The part changed since you read it; read it again."),
                                  status.HTTP_409_CONFLICT, current_version=stale.item.version)
        self._parts_saved(item)
        return Response(CompletionDecisionSerializer(decided).data)
