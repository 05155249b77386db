"""Reads of indicators."""

from decimal import Decimal

from django.db.models import QuerySet
from django.utils import timezone

from agencies.models import Agency
from agencies.permissions import sees_every_item
from core.lights import indicator_progress, pace_needed
from indicators.filters import IndicatorFilter
from indicators.models import Allocation, AllocationShare, Indicator
from snapshots.models import SubjectKind
from snapshots.selectors import attach_lights


def indicator_list() -> QuerySet[Indicator]:
    return (
        Indicator.objects.select_related("task", "key_project", "goal_area")
        .prefetch_related("mentions__paragraph", "revisions")
        .order_by("code")
    )


def indicator_filterset(filters) -> IndicatorFilter:
    return IndicatorFilter(filters, queryset=indicator_list())


def indicator_detail(*, code: str) -> dict:
    """One target with its values, its light, and the yearly pace still needed for 2025 and 2035."""
    indicator = (Indicator.objects.select_related("task", "key_project", "goal_area")
                 .prefetch_related("mentions__paragraph", "revisions__actor").get(code=code))
    attach_lights(items=[indicator], kind=SubjectKind.INDICATOR)
    values = list(indicator.values.select_related("entered_by"))
    latest = values[0] if values else None
    paces = []
    if latest:
        year = max(latest.as_of.year, timezone.localdate().year)
        horizons = [(indicator.target_year, indicator.target_value), (2035, indicator.target_2035_value)]
        for target_year, target in horizons:
            if target is not None and target_year > year:
                paces.append((target_year, target, pace_needed(current=latest.value, current_year=year,
                                                                target=target, target_year=target_year,
                                                                unit=indicator.unit)))
    return {"indicator": indicator, "values": values, "latest": latest, "paces": paces,
            "chart": {"unit": indicator.unit, "target": float(indicator.target_value),
                      "points": [[v.as_of.isoformat(), float(v.value)] for v in reversed(values)]}}


def prefecture_judgement(*, indicator, target, value, as_of):
    """A prefecture's light and progress toward its own allocated target (None without a target)."""
    if target is None:
        return None
    return indicator_progress(today=timezone.localdate(), comparator=indicator.comparator, kind=indicator.kind,
                              target=target, target_year=indicator.target_year, baseline=None, baseline_year=None,
                              current=value, current_date=as_of, unit=indicator.unit)


def allocated_targets(*, indicator=None, prefecture=None) -> dict:
    """{(indicator id, prefecture id): allocated target} for one indicator, one prefecture, or both."""
    shares = AllocationShare.objects.all()
    if indicator is not None:
        shares = shares.filter(allocation__indicator=indicator)
    if prefecture is not None:
        shares = shares.filter(prefecture=prefecture)
    return {(indicator_id, prefecture_id): target for indicator_id, prefecture_id, target in
            shares.values_list("allocation__indicator_id", "prefecture_id", "target_value")}


def allocation_detail(*, indicator, user) -> dict:
    """An allocation as the user may see it: for the provincial units each prefecture with its share, the total
    and the difference from the target; for a prefecture reporter its own share only (`whole` is False)."""
    allocation = Allocation.objects.filter(indicator=indicator).select_related("updated_by").first()
    shares = allocated_targets(indicator=indicator)
    whole = sees_every_item(user)
    prefectures = Agency.objects.prefectures().order_by("order")
    if not whole:
        prefectures = prefectures.filter(pk=user.agency_id)
    rows = [{"prefecture": p, "target": shares.get((indicator.pk, p.pk))} for p in prefectures]
    total = sum((r["target"] for r in rows if r["target"] is not None), Decimal(0)) if whole else None
    difference = total - indicator.target_value if whole else None
    return {"indicator": indicator, "allocation": allocation, "rows": rows, "whole": whole, "total": total,
            "difference": difference, "gap": abs(difference) if whole else None}



