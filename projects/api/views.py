from rest_framework import viewsets

from projects.api.serializers import KeyProjectSerializer
from projects.filters import KeyProjectFilter
from projects.selectors import key_project_list


class KeyProjectViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = KeyProjectSerializer
    filterset_class = KeyProjectFilter
    lookup_field = "number"
    lookup_value_regex = r"[0-9]+"

    def get_queryset(self):
        return key_project_list().select_related("paragraph")
