import django_filters
from django.utils.translation import gettext_lazy as _

from projects.models import KeyProject, KeyProjectGroup
from tasks.filters import PlanItemFilter


class KeyProjectFilter(PlanItemFilter):
    group = django_filters.ModelChoiceFilter(
        queryset=KeyProjectGroup.objects.all(), field_name="group", to_field_name="number", label=_("Project group")
    )

    class Meta:
        model = KeyProject
        fields = ["group", "agency", "role", "deadline", "year", "q"]
