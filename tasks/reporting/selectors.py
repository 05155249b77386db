"""Reads of the reporting cycle: scoped report lists, one report with everything its page shows, completeness
and timeliness as DHIS2 computes them, and the province's figure rolled up from the prefectures."""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from indicators.models import RollupMethod
from tasks.models import PrefectureReport, ReportIndicatorLine, ReportingPeriod, ReportItem, ReportStatus
from tasks.reporting.permissions import visible_reports

COUNTED = (ReportStatus.SUBMITTED, ReportStatus.ACCEPTED)


def report_list(*, user, period=None) -> QuerySet[PrefectureReport]:
    reports = PrefectureReport.objects.select_related("period", "prefecture").order_by("-period__start",
                                                                                        "prefecture__order")
    if period is not None:
        reports = reports.filter(period=period)
    return visible_reports(user, reports)


def report_detail(*, user, pk: int) -> PrefectureReport:
    """One report the user may see (DoesNotExist otherwise), with items, evidence, lines and transitions."""
    from indicators.selectors import allocated_targets, prefecture_judgement

    reports = visible_reports(user, PrefectureReport.objects.all()).select_related("period", "prefecture")
    report = reports.prefetch_related(
        Prefetch("items", queryset=ReportItem.objects.select_related("task", "key_project").prefetch_related(
            "evidence")),
        Prefetch("indicator_lines", queryset=ReportIndicatorLine.objects.select_related("indicator")),
        "transitions__actor",
    ).get(pk=pk)
    # Each line carries the prefecture's own allocated target, and its light and progress toward it.
    targets = allocated_targets(prefecture=report.prefecture)
    for line in report.indicator_lines.all():
        line.target = targets.get((line.indicator_id, report.prefecture_id))
        line.judgement = prefecture_judgement(line.indicator, target=line.target, value=line.value,
                                              as_of=report.period.end)
    return report


def period_list() -> QuerySet[ReportingPeriod]:
    return ReportingPeriod.objects.all()


@dataclass
class Completeness:
    """DHIS2's figures for a set of reports: expected, submitted (on time or late), missing, and the rates."""

    expected: int
    submitted: int
    on_time: int
    late: int
    overdue: bool

    @property
    def missing(self) -> int:
        return self.expected - self.submitted

    @property
    def reporting_rate(self) -> float:
        return round(100 * self.submitted / self.expected, 1) if self.expected else 0.0

    @property
    def on_time_rate(self) -> float:
        return round(100 * self.on_time / self.expected, 1) if self.expected else 0.0


COMPLETENESS_ANNOTATIONS = {
    "expected": Count("reports"),
    "submitted": Count("reports", filter=Q(reports__first_submitted_at__isnull=False)),
    "on_time": Count("reports", filter=Q(reports__first_submitted_at__isnull=False, reports__is_late=False)),
    "late": Count("reports", filter=Q(reports__is_late=True)),
}


def completeness_by_period() -> list[tuple[ReportingPeriod, Completeness]]:
    """Per period, in one query. A report submitted after its due date counts as late, for good."""
    today = timezone.localdate()
    periods = ReportingPeriod.objects.annotate(**COMPLETENESS_ANNOTATIONS).order_by("-start")
    return [(p, Completeness(p.expected, p.submitted, p.on_time, p.late, today > p.due_date)) for p in periods]


def completeness_by_prefecture(*, period=None) -> list[tuple[object, Completeness]]:
    """Per prefecture, over one period or all of them, in one query."""
    from agencies.models import Agency

    today = timezone.localdate()
    scope = Q(reports__period=period) if period else Q()

    def counted(extra=None):
        return Count("reports", filter=scope & (extra or Q()))

    prefectures = Agency.objects.prefectures().annotate(
        expected=counted(), submitted=counted(Q(reports__first_submitted_at__isnull=False)),
        on_time=counted(Q(reports__first_submitted_at__isnull=False, reports__is_late=False)),
        late=counted(Q(reports__is_late=True)),
    ).order_by("order")
    overdue = period is not None and today > period.due_date
    return [(a, Completeness(a.expected, a.submitted, a.on_time, a.late, overdue)) for a in prefectures]


def indicator_rollup(*, period) -> list[dict]:
    """The province's figure of each per-prefecture indicator for a period, from submitted and accepted reports,
    by the indicator's method (a ratio adds numerators and denominators separately)."""
    lines = (ReportIndicatorLine.objects.filter(report__period=period, report__status__in=COUNTED)
             .select_related("indicator", "report").order_by("indicator__code", "report__submitted_at"))
    by_indicator: dict = {}
    for line in lines:
        by_indicator.setdefault(line.indicator, []).append(line)
    result = []
    for indicator, group in by_indicator.items():
        values = [line.value for line in group if line.value is not None]
        result.append({"indicator": indicator, "reports": len(values),
                       "value": rollup_value(indicator.rollup_method, group)})
    return result


def rollup_value(method: str, lines) -> Decimal | None:
    values = [line.value for line in lines if line.value is not None]
    if method == RollupMethod.RATIO:
        parts = [(line.numerator, line.denominator) for line in lines if line.denominator]
        denominator = sum((d for _n, d in parts), Decimal(0))
        return (sum((n for n, _d in parts), Decimal(0)) / denominator * 100).quantize(Decimal("0.0001")) \
            if denominator else None
    if not values:
        return None
    if method == RollupMethod.SUM:
        return sum(values, Decimal(0))
    if method == RollupMethod.AVERAGE:
        return (sum(values, Decimal(0)) / len(values)).quantize(Decimal("0.0001"))
    if method == RollupMethod.MINIMUM:
        return min(values)
    if method == RollupMethod.MAXIMUM:
        return max(values)
    return values[-1]  # latest: lines are ordered by submission time
