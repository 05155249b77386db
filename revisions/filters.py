"""Filters of the plan changes list, shared by the page, its Excel download and the API."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.filters import PortalFilterSet
from revisions.models import PlanRevision, RevisionField

SUBJECTS = [("task", _("Tasks")), ("key_project", _("Key projects")), ("indicator", _("Targets"))]


class RevisionFilter(PortalFilterSet):
    field = django_filters.ChoiceFilter(choices=RevisionField.choices, label=_("What changed"))
    subject = django_filters.ChoiceFilter(choices=SUBJECTS, method="filter_subject", label=_("Of"))
    since = django_filters.DateFilter(field_name="effective_from", lookup_expr="gte", label=_("From"))
    until = django_filters.DateFilter(field_name="effective_from", lookup_expr="lte", label=_("To"))
    q = django_filters.CharFilter(method="filter_search", label=_("Search"), max_length=100)

    class Meta:
        model = PlanRevision
        fields = ["field", "subject", "since", "until", "q"]

    def filter_subject(self, queryset, name, value):
        return queryset.filter(**{f"{value}__isnull": False})

    def filter_search(self, queryset, name, value):
        return queryset.filter(Q(reason__icontains=value) | Q(reference__icontains=value)
                               | Q(task__code__icontains=value) | Q(task__title__icontains=value)
                               | Q(key_project__title__icontains=value) | Q(indicator__code__icontains=value)
                               | Q(indicator__name__icontains=value))
