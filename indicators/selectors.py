"""Reads of indicators."""

from decimal import Decimal

from django.db.models import QuerySet

from indicators.filters import IndicatorFilter
from indicators.models import Indicator


def indicator_list() -> QuerySet[Indicator]:
    return (
        Indicator.objects.select_related("task", "key_project", "goal_area")
        .prefetch_related("mentions__paragraph", "revisions")
        .order_by("code")
    )


def indicator_filterset(filters) -> IndicatorFilter:
    return IndicatorFilter(filters, queryset=indicator_list())


def indicator_detail(*, code: str, user) -> dict:
    """One target with its values, its light, and the yearly pace still needed for 2025 and 2035."""
    from django.utils import timezone

    from portal.lights import pace_needed
    from portal.models import SubjectKind
    from portal.selectors import attach_lights

    indicator = (Indicator.objects.select_related("task", "key_project", "goal_area")
                 .prefetch_related("mentions__paragraph", "revisions__actor").get(code=code))
    attach_lights([indicator], SubjectKind.INDICATOR)
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
            "prefecture_values": prefecture_values(indicator, user) if indicator.per_prefecture else None,
            "chart": {"unit": indicator.unit, "target": float(indicator.target_value),
                      "points": [[v.as_of.isoformat(), float(v.value)] for v in reversed(values)]}}


def prefecture_judgement(indicator, *, target, value, as_of):
    """A prefecture's light and progress toward its own allocated target (None without a target)."""
    from django.utils import timezone

    from portal.lights import indicator_progress

    if target is None:
        return None
    return indicator_progress(today=timezone.localdate(), comparator=indicator.comparator, kind=indicator.kind,
                              target=target, target_year=indicator.target_year, baseline=None, baseline_year=None,
                              current=value, current_date=as_of, unit=indicator.unit)


def allocated_targets(*, indicator=None, prefecture=None) -> dict:
    """{(indicator id, prefecture id): allocated target} for one indicator, one prefecture, or both."""
    from indicators.models import AllocationShare

    shares = AllocationShare.objects.all()
    if indicator is not None:
        shares = shares.filter(allocation__indicator=indicator)
    if prefecture is not None:
        shares = shares.filter(prefecture=prefecture)
    return {(indicator_id, prefecture_id): target for indicator_id, prefecture_id, target in
            shares.values_list("allocation__indicator_id", "prefecture_id", "target_value")}


def allocation_detail(indicator, *, user) -> dict:
    """An allocation as the user may see it: for the provincial units each prefecture with its share, the total
    and the difference from the target; for a prefecture reporter its own share only (`whole` is False)."""
    from agencies.models import Agency
    from agencies.permissions import sees_everything
    from indicators.models import Allocation

    allocation = Allocation.objects.filter(indicator=indicator).select_related("updated_by").first()
    shares = allocated_targets(indicator=indicator)
    whole = sees_everything(user)
    prefectures = Agency.objects.prefectures().order_by("order")
    if not whole:
        prefectures = prefectures.filter(pk=user.agency_id)
    rows = [{"prefecture": p, "target": shares.get((indicator.pk, p.pk))} for p in prefectures]
    total = sum((r["target"] for r in rows if r["target"] is not None), Decimal(0)) if whole else None
    difference = total - indicator.target_value if whole else None
    return {"indicator": indicator, "allocation": allocation, "rows": rows, "whole": whole, "total": total,
            "difference": difference, "gap": abs(difference) if whole else None}


def prefecture_values(indicator, user) -> dict:
    """Each prefecture's latest reported value (submitted or accepted reports) beside its allocated target, its
    light and progress, as far as the user may see reports: everyone's for the office, leadership and auditors;
    a reporter only its own; others none. The province's row, for those who see every prefecture, is the
    roll-up of the prefectures' values against the provincial target."""
    from agencies.models import Agency
    from indicators.models import Allocation
    from tasks.models import PrefectureReport, ReportIndicatorLine
    from tasks.reporting.permissions import sees_all_reports, visible_reports
    from tasks.reporting.selectors import rollup_value

    reports = visible_reports(user, PrefectureReport.objects.filter(status__in=["submitted", "accepted"]))
    latest = {}
    for line in (ReportIndicatorLine.objects.filter(indicator=indicator, value__isnull=False, report__in=reports)
                 .select_related("report__period").order_by("report__period__start")):
        latest[line.report.prefecture_id] = line
    prefectures = Agency.objects.prefectures().order_by("order")
    if not sees_all_reports(user):
        prefectures = prefectures.filter(pk=user.agency_id)
    targets = allocated_targets(indicator=indicator)
    rows = []
    for p in prefectures:
        line, target = latest.get(p.pk), targets.get((indicator.pk, p.pk))
        rows.append({"prefecture": p, "line": line, "target": target, "judgement": prefecture_judgement(
            indicator, target=target, value=line.value if line else None,
            as_of=line.report.period.end if line else None)})
    province = None
    if sees_all_reports(user):
        lines = list(latest.values())
        value = rollup_value(indicator.rollup_method, lines)
        allocated = sum(targets.values(), Decimal(0)) if targets else None
        partial = Allocation.objects.filter(indicator=indicator, is_partial=True).exists()
        province = {"value": value, "allocated": allocated,
                    # e.g. after the provincial target was revised: the shares no longer add up to it
                    "allocation_off": indicator.kind == "count" and allocated is not None and not partial
                    and allocated != indicator.target_value,
                    "judgement": prefecture_judgement(indicator, target=indicator.target_value, value=value,
                                                      as_of=max((ln.report.period.end for ln in lines), default=None))}
    return {"rows": rows, "province": province}
