from rest_framework import viewsets

from tasks.api.serializers import TaskSerializer
from tasks.filters import TaskFilter
from tasks.selectors import task_list


class TaskViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = TaskSerializer
    filterset_class = TaskFilter
    lookup_field = "code"
    lookup_value_regex = r"[0-9.]+"

    def get_queryset(self):
        return task_list().select_related("paragraph")
