"""Reads of indicators."""

from django.db.models import QuerySet

from indicators.filters import IndicatorFilter
from indicators.models import Indicator


def indicator_list() -> QuerySet[Indicator]:
    return (
        Indicator.objects.select_related("task", "key_project", "goal_area")
        .prefetch_related("mentions__paragraph")
        .order_by("code")
    )


def indicator_filterset(filters) -> IndicatorFilter:
    return IndicatorFilter(filters, queryset=indicator_list())
