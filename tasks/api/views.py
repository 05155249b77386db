"""Tasks over the API: scoped lists and details, status updates with a version, progress entries, history."""

from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, parsers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from agencies.permissions import can_view_history
from portal.api.errors import call_service, error_response
from tasks.api.serializers import (
    HistoryEntrySerializer,
    ProgressEntryInputSerializer,
    ProgressEntrySerializer,
    StatusUpdateInputSerializer,
    TaskSerializer,
)
from tasks.filters import TaskFilter
from tasks.permissions import visible_items
from tasks.revisions.api import ItemRevisionMixin
from tasks.selectors import item_history, item_timeline, task_list
from tasks.services import StaleVersionError, item_update_status, progress_entry_add

IF_MATCH = OpenApiParameter("If-Match", str, OpenApiParameter.HEADER,
                            description='the version read, e.g. "3" (instead of the version field)')


class PlanItemViewSet(ItemRevisionMixin, viewsets.ReadOnlyModelViewSet):
    """Read, PATCH (status update) and progress entries for any responsibility-bearing item."""

    parser_classes = [parsers.JSONParser, parsers.MultiPartParser, parsers.FormParser]

    def scoped(self, queryset):
        return visible_items(self.request.user, queryset)

    def retrieve(self, request, *args, **kwargs):
        response = super().retrieve(request, *args, **kwargs)
        response["ETag"] = f'"{response.data["version"]}"'
        return response

    @extend_schema(request=StatusUpdateInputSerializer, parameters=[IF_MATCH])
    def partial_update(self, request, *args, **kwargs):
        item = self.get_object()
        data = StatusUpdateInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        if_match = request.headers.get("If-Match", "").strip().strip('"').removeprefix("W/").strip('"')
        expected = values.get("version") or (int(if_match) if if_match.isdigit() else None)
        if expected is None:
            message = _("Send the version you read (field 'version' or the If-Match header), so that no one "
                        "else's change is overwritten.")
            raise exceptions.ValidationError({"version": [message]})
        try:
            call_service(item_update_status, item=item, status=values["status"], percent=values["percent"],
                         narrative=values["narrative"], problems=values["problems"],
                         next_steps=values["next_steps"], files=values["evidence"], actor=request.user,
                         expected_version=expected)
        except StaleVersionError as stale:
            # 412 answers a failed If-Match precondition; 409 a stale version in the body.
            code = status.HTTP_412_PRECONDITION_FAILED if if_match and not values.get("version") else \
                status.HTTP_409_CONFLICT
            response = error_response(
                "stale_version", _("Someone else updated this item; read it again and resend your change."), code,
                current_version=stale.item.version, changes=HistoryEntrySerializer(stale.changes, many=True).data)
            response["ETag"] = f'"{stale.item.version}"'
            return response
        return self.retrieve(request, *args, **kwargs)

    @extend_schema(methods=["GET"], responses=ProgressEntrySerializer(many=True))
    @extend_schema(methods=["POST"], request={"multipart/form-data": ProgressEntryInputSerializer,
                                              "application/json": ProgressEntryInputSerializer},
                   responses={201: ProgressEntrySerializer})
    @action(detail=True, methods=["get", "post"])
    def progress(self, request, *args, **kwargs):
        item = self.get_object()
        if request.method == "GET":
            page = self.paginate_queryset(item_timeline(user=request.user, item=item))
            return self.get_paginated_response(ProgressEntrySerializer(page, many=True).data)
        data = ProgressEntryInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        entry = call_service(progress_entry_add, item=item, actor=request.user, files=data.validated_data["evidence"],
                             **{k: data.validated_data[k] for k in ("narrative", "problems", "next_steps")})
        return Response(ProgressEntrySerializer(entry).data, status=status.HTTP_201_CREATED)

    @extend_schema(responses=HistoryEntrySerializer(many=True))
    @action(detail=True, methods=["get"], pagination_class=None)
    def history(self, request, *args, **kwargs):
        if not can_view_history(request.user):
            raise exceptions.PermissionDenied(_("Only the provincial office and auditors can read the history."))
        return Response(HistoryEntrySerializer(item_history(self.get_object()), many=True).data)


class TaskViewSet(PlanItemViewSet):
    serializer_class = TaskSerializer
    filterset_class = TaskFilter
    lookup_field = "code"
    lookup_value_regex = r"[0-9.]+"
    http_method_names = ["get", "patch", "post", "head", "options"]

    def get_queryset(self):
        return self.scoped(task_list().select_related("paragraph"))


class EvidenceViewSet(viewsets.ViewSet):
    """Evidence files for systems using a token; the same permission check as the page's download link."""

    lookup_value_regex = r"[0-9]+"

    @extend_schema(parameters=[OpenApiParameter("id", int, OpenApiParameter.PATH)],
                   responses={(200, "application/octet-stream"): OpenApiTypes.BINARY})
    def retrieve(self, request, pk=None):
        from django.http import FileResponse

        from tasks.models import EvidenceFile
        from tasks.selectors import evidence_for_download

        try:
            evidence = evidence_for_download(user=request.user, pk=int(pk))
        except (EvidenceFile.DoesNotExist, ValueError) as exc:
            raise exceptions.NotFound from exc
        return FileResponse(evidence.file.open("rb"), as_attachment=True, filename=evidence.original_name,
                            content_type="application/octet-stream")
