from projects.api.serializers import KeyProjectSerializer, SafeguardSerializer
from projects.filters import KeyProjectFilter
from projects.selectors import key_project_list, safeguard_list
from snapshots.models import SubjectKind
from tasks.api.views import PlanItemViewSet


class KeyProjectViewSet(PlanItemViewSet):
    light_kind = SubjectKind.KEY_PROJECT
    serializer_class = KeyProjectSerializer
    filterset_class = KeyProjectFilter
    lookup_field = "number"
    lookup_value_regex = r"[0-9]+"
    http_method_names = ["get", "patch", "post", "head", "options"]

    def get_queryset(self):
        return self.scoped(key_project_list().select_related("paragraph"))


class SafeguardViewSet(PlanItemViewSet):
    light_kind = SubjectKind.SAFEGUARD
    serializer_class = SafeguardSerializer
    lookup_field = "number"
    lookup_value_regex = r"[0-9]+"
    http_method_names = ["get", "patch", "post", "head", "options"]

    def get_queryset(self):
        return safeguard_list(user=self.request.user).select_related("paragraph")
