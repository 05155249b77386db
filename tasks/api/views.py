"""Tasks over the API: scoped lists and details, and their change history. Status updates and progress entries
(reporting/) and revisions (revisions/) are added to these viewsets where the API is composed
(yunnan_emergency/api_urls.py)."""

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from agencies.permissions import can_view_history
from snapshots.api import LightsAttached
from snapshots.models import SubjectKind
from tasks.api.serializers import HistoryEntrySerializer, TaskSerializer
from tasks.filters import TaskFilter
from tasks.permissions import visible_items
from tasks.selectors import item_history, task_list


class PlanItemViewSet(LightsAttached, viewsets.ReadOnlyModelViewSet):
    """Read any responsibility-bearing item with its light, and its history."""

    def scoped(self, queryset):
        return visible_items(self.request.user, queryset)

    def retrieve(self, request, *args, **kwargs):
        response = super().retrieve(request, *args, **kwargs)
        response["ETag"] = f'"{response.data["version"]}"'
        return response

    @extend_schema(responses=HistoryEntrySerializer(many=True))
    @action(detail=True, methods=["get"], pagination_class=None)
    def history(self, request, *args, **kwargs):
        if not can_view_history(request.user):
            raise exceptions.PermissionDenied(_("Only the provincial office and auditors can read the history."))
        return Response(HistoryEntrySerializer(item_history(item=self.get_object()), many=True).data)


class TaskViewSet(PlanItemViewSet):
    light_kind = SubjectKind.TASK
    serializer_class = TaskSerializer
    filterset_class = TaskFilter
    lookup_field = "code"
    lookup_value_regex = r"[0-9.]+"
    http_method_names = ["get", "patch", "post", "head", "options"]

    def get_queryset(self):
        return self.scoped(task_list().select_related("paragraph"))
