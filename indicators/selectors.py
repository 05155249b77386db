"""Reads of indicators."""

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
            "prefecture_values": prefecture_values(indicator, user) if indicator.per_prefecture else [],
            "chart": {"unit": indicator.unit, "target": float(indicator.target_value),
                      "points": [[v.as_of.isoformat(), float(v.value)] for v in reversed(values)]}}


def prefecture_values(indicator, user) -> list[dict]:
    """Each prefecture's latest reported value (submitted or accepted reports), as far as the user may see
    reports: everyone's for the office, leadership and auditors; a reporter only its own; others none."""
    from agencies.models import Agency
    from tasks.models import PrefectureReport, ReportIndicatorLine
    from tasks.reporting.permissions import sees_all_reports, visible_reports

    reports = visible_reports(user, PrefectureReport.objects.filter(status__in=["submitted", "accepted"]))
    latest = {}
    for line in (ReportIndicatorLine.objects.filter(indicator=indicator, value__isnull=False, report__in=reports)
                 .select_related("report__period").order_by("report__period__start")):
        latest[line.report.prefecture_id] = line
    prefectures = Agency.objects.prefectures().order_by("order")
    if not sees_all_reports(user):
        prefectures = prefectures.filter(pk=user.agency_id)
    return [{"prefecture": p, "line": latest.get(p.pk)} for p in prefectures]
