"""Filters of the task list, shared by the page and the API so a link and an API call mean the same thing."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from agencies.models import Agency, ResponsibilityRole
from portal.filters import PortalFilterSet
from tasks.models import Task, TaskGroup


class PlanItemFilter(PortalFilterSet):
    """Filters every responsibility-bearing list offers: agency (with role), deadline kind, text search."""

    agency = django_filters.ModelChoiceFilter(
        queryset=Agency.objects.all(), method="filter_agency", label=_("Responsible agency")
    )
    role = django_filters.ChoiceFilter(
        choices=ResponsibilityRole.choices, method="filter_noop", label=_("Role of the agency")
    )
    deadline = django_filters.ChoiceFilter(
        choices=[("dated", _("With a deadline")), ("ongoing", _("Ongoing (持续推进)"))],
        method="filter_deadline", label=_("Deadline"),
    )
    year = django_filters.NumberFilter(field_name="deadline__year", label=_("Deadline year"))
    q = django_filters.CharFilter(method="filter_search", label=_("Search"))

    def filter_agency(self, queryset, name, agency):
        return queryset.for_agency(agency, role=self.form.cleaned_data.get("role") or None)

    def filter_noop(self, queryset, name, value):
        return queryset  # applied together with the agency in filter_agency

    def filter_deadline(self, queryset, name, value):
        return queryset.ongoing() if value == "ongoing" else queryset.dated()

    def filter_search(self, queryset, name, value):
        return queryset.filter(Q(title__icontains=value) | Q(text__icontains=value))


class TaskFilter(PlanItemFilter):
    group = django_filters.ModelChoiceFilter(
        queryset=TaskGroup.objects.all(), field_name="group", to_field_name="number", label=_("Task group")
    )

    class Meta:
        model = Task
        fields = ["group", "agency", "role", "deadline", "year", "q"]
