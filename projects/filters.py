import django_filters
from django.utils.translation import gettext_lazy as _

from core.filters import PortalOrderingFilter
from projects.models import KeyProject, KeyProjectGroup
from tasks.filters import PlanItemFilter


class KeyProjectFilter(PlanItemFilter):
    group = django_filters.ModelChoiceFilter(
        queryset=KeyProjectGroup.objects.all(), field_name="group", to_field_name="number", label=_("Project group")
    )
    sort = PortalOrderingFilter(
        fields=[("number", "number"), ("light_rank", "light"), ("status", "status"),
                ("percent", "percent"),
                ("status_updated_at", "updated")],
        field_labels={"number": _("No."), "light_rank": _("Light"), "status": _("Status"),
                      "percent": _("Percent complete"),
                      "status_updated_at": _("Last update")},
        label=_("Sort"),
    )

    class Meta:
        model = KeyProject
        fields = ["group", "agency", "role", "status", "light", "as_of", "deadline", "year", "overdue", "q", "sort"]
