"""Filters of the task and key-project lists, shared by the pages and the API so a link and an API call mean
the same thing."""

import django_filters
from django import forms
from django.core.validators import MinValueValidator
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from agencies.models import Agency, ResponsibilityRole
from core.dates import PLAN_START, not_in_the_future
from core.filters import PortalFilterSet, PortalOrderingFilter, YesNoFilter
from core.forms import IsoDateInput
from core.lights import Light
from snapshots.selectors import subjects_lit, with_light_rank
from tasks.models import ItemScope, ItemStatus, Task, TaskGroup


class YearFilter(django_filters.NumberFilter):
    """A whole year within the plan's reach (a decimal or absurd number is a 400, not a database error)."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        super().__init__(*args, min_value=2000, max_value=2100, **kwargs)


class PlanItemFilter(PortalFilterSet):
    """Agency (with its role; a role alone means the user's own agency), status, deadline, overdue, text, sort."""

    agency = extend_schema_field(OpenApiTypes.INT)(django_filters.ModelChoiceFilter(
        queryset=Agency.objects.all(), method="filter_agency", label=_("Responsible agency")
    ))
    role = django_filters.ChoiceFilter(
        choices=ResponsibilityRole.choices, method="filter_role", label=_("Role of the agency")
    )
    status = django_filters.ChoiceFilter(choices=ItemStatus.choices, label=_("Status"))
    light = django_filters.ChoiceFilter(choices=Light.choices, method="filter_light", label=_("Light"))
    # A past date: the lights (their column, this filter and the sort) of that day's snapshot or the last before.
    as_of = django_filters.DateFilter(method="filter_as_of", label=_("Lights as of"), widget=IsoDateInput(),
                                      validators=[MinValueValidator(PLAN_START), not_in_the_future])
    deadline = django_filters.ChoiceFilter(
        choices=[("dated", _("With a deadline")), ("ongoing", _("Ongoing (持续推进)"))],
        method="filter_deadline", label=_("Deadline"),
    )
    year = YearFilter(field_name="deadline__year", label=_("Deadline year"))
    overdue = YesNoFilter(method="filter_overdue", label=_("Overdue"))
    q = django_filters.CharFilter(method="filter_search", label=_("Search"))

    def filter_agency(self, queryset, name, agency):
        return queryset.for_agency(agency, role=self.form.cleaned_data.get("role") or None)

    def filter_role(self, queryset, name, role):
        if self.form.cleaned_data.get("agency"):
            return queryset  # applied together with the agency in filter_agency
        user = getattr(self.request, "user", None)
        agency = getattr(user, "agency", None)
        return queryset.for_agency(agency, role=role) if agency else queryset.none()

    def filter_light(self, queryset, name, light):
        return queryset.filter(pk__in=subjects_lit(kind=queryset.model.ITEM_KIND, light=light,
                                                   as_of=self.form.cleaned_data.get("as_of")))

    def filter_as_of(self, queryset, name, value):
        return queryset  # read by the light filter, the sort and the list's light column

    def filter_queryset(self, queryset):
        # "By light" sorts on each item's newest light, which the item rows do not hold: it is joined in only then.
        if any(key.lstrip("-") == "light" for key in self.form.cleaned_data.get("sort") or []):
            queryset = with_light_rank(queryset, kind=queryset.model.ITEM_KIND,
                                       as_of=self.form.cleaned_data.get("as_of"))
        return super().filter_queryset(queryset)

    @property
    def lights_as_of(self):
        """The past date the lights are read on (None: today's), the one the light filter and sort used, whether
        or not another filter was refused."""
        self.is_valid()
        return self.form.cleaned_data.get("as_of")

    def filter_deadline(self, queryset, name, value):
        return queryset.ongoing() if value == "ongoing" else queryset.dated()

    def filter_overdue(self, queryset, name, value):
        # An item that no longer counts (not applicable, merged) is never overdue.
        overdue = Q(deadline__lt=timezone.localdate(), scope=ItemScope.ACTIVE) & ~Q(status=ItemStatus.COMPLETED)
        return queryset.filter(overdue) if value else queryset.exclude(overdue)

    def filter_search(self, queryset, name, value):
        """Title, text, the responsible units' names (水利厅), and the item's code (5.1.2) or number."""
        value = value.strip()
        found = (Q(title__icontains=value) | Q(text__icontains=value)
                 | Q(responsibilities__agency__name__icontains=value)
                 | Q(designations__agency__name__icontains=value))
        fields = {field.name for field in queryset.model._meta.fields}
        if "code" in fields:
            found |= Q(code=value) | Q(code__startswith=f"{value}.")
        if "number" in fields and value.isdigit() and len(value) < 6:
            found |= Q(number=int(value))
        # By id, so the joins through the units do not repeat an item nor upset the list's own ordering.
        return queryset.filter(pk__in=queryset.model.objects.filter(found).values("pk"))


class TaskFilter(PlanItemFilter):
    group = django_filters.ModelChoiceFilter(
        queryset=TaskGroup.objects.all(), field_name="group", to_field_name="number", label=_("Task group")
    )
    sort = PortalOrderingFilter(
        fields=[("order", "code"), ("light_rank", "light"), ("deadline", "deadline"), ("status", "status"),
                ("percent", "percent"),
                ("status_updated_at", "updated")],
        field_labels={"order": _("Code"), "light_rank": _("Light"), "deadline": _("Deadline"),
                      "status": _("Status"),
                      "percent": _("Percent complete"), "status_updated_at": _("Last update")},
        label=_("Sort"),
    )

    class Meta:
        model = Task
        fields = ["group", "agency", "role", "status", "light", "as_of", "deadline", "year", "overdue", "q", "sort"]
