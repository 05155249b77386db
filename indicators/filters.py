import django_filters
from django.utils.translation import gettext_lazy as _

from core.filters import PortalFilterSet
from indicators.models import Comparator, Indicator, IndicatorKind


class IndicatorFilter(PortalFilterSet):
    kind = django_filters.ChoiceFilter(choices=IndicatorKind.choices, label=_("Kind"))
    comparator = django_filters.ChoiceFilter(choices=Comparator.choices, label=_("Comparator"))
    goal_area = django_filters.NumberFilter(field_name="goal_area__number", label=_("Goal area"))
    task = django_filters.CharFilter(field_name="task__code", label=_("Task code"))
    key_project = django_filters.NumberFilter(field_name="key_project__number", label=_("Key project number"))
    q = django_filters.CharFilter(field_name="name", lookup_expr="icontains", label=_("Search"))

    class Meta:
        model = Indicator
        fields = ["kind", "comparator", "goal_area", "task", "key_project", "q"]
