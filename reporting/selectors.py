"""Reads of the reporting cycle: scoped report lists, one report with everything its page shows, completeness
and timeliness as DHIS2 computes them, and the province's figure rolled up from the prefectures."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from agencies.models import Agency
from agencies.permissions import sees_whole_plan
from audit.models import AuditEvent
from audit.services import audit_record
from core.channels import ValueChange, channel_label
from core.numbers import plain_number
from indicators.models import Allocation
from indicators.selectors import allocated_targets, prefecture_judgement
from reporting.models import (
    COUNTED,
    EDITABLE,
    ITEM_KINDS,
    CompletionDecision,
    EntryKind,
    EvidenceFile,
    PrefectureReport,
    ProgressEntry,
    ReportIndicatorLine,
    ReportingPeriod,
    ReportItem,
    ReportStatus,
    UnitPart,
)
from reporting.permissions import visible_entries, visible_reports
from tasks.models import ItemStatus
from tasks.permissions import can_view_item
from tasks.selectors import item_detail_for

# The list's status filter: a report's own states, and "overdue" (not submitted, past its due date).
OVERDUE = "overdue"


def report_list(*, user, period=None, prefecture_id: int | None = None,
                status: str | None = None) -> QuerySet[PrefectureReport]:
    reports = PrefectureReport.objects.select_related("period", "prefecture").order_by("-period__start",
                                                                                        "prefecture__order")
    if period is not None:
        reports = reports.filter(period=period)
    if prefecture_id:
        reports = reports.filter(prefecture_id=prefecture_id)
    if status == OVERDUE:
        reports = reports.filter(status__in=EDITABLE, period__due_date__lt=timezone.localdate())
    elif status in ReportStatus.values:
        reports = reports.filter(status=status)
    return visible_reports(user, reports)


def report_detail(*, user, pk: int) -> PrefectureReport:
    """One report the user may see (DoesNotExist otherwise), with items, evidence, lines and transitions."""
    reports = visible_reports(user, PrefectureReport.objects.all()).select_related("period", "prefecture")
    report = reports.prefetch_related(
        Prefetch("items", queryset=ReportItem.objects.select_related(*ITEM_KINDS).prefetch_related(
            "evidence")),
        Prefetch("indicator_lines", queryset=ReportIndicatorLine.objects.select_related("indicator")),
        "transitions__actor",
    ).get(pk=pk)
    # Each item carries what the plan asks of this prefecture (its part, where the office broke one out) and the
    # prefecture's own text of the last period before this one, which the clerk may copy.
    items = list(report.items.all())
    parts = parts_of_items([item.item for item in items], agency=report.prefecture)
    previous = previous_texts(report)
    for item in items:
        key = (item.item.ITEM_KIND, item.item.pk)
        item.part = (parts.get(key) or [None])[0]
        item.previous = previous.get(key)
    # Each line carries the prefecture's own allocated target, and its light and progress toward it.
    targets = allocated_targets(prefecture=report.prefecture)
    for line in report.indicator_lines.all():
        line.target = targets.get((line.indicator_id, report.prefecture_id))
        line.judgement = prefecture_judgement(indicator=line.indicator, target=line.target, value=line.value,
                                              as_of=report.period.end)
    return report


def previous_texts(report) -> dict[tuple[str, int], ReportItem]:
    """{(item kind, item id): the same prefecture's report item of the latest earlier period with any text}, in
    one query: what the report form's "copy last period's text" copies."""
    earlier = ReportItem.objects.filter(report__prefecture_id=report.prefecture_id,
                                        report__period__start__lt=report.period.start).exclude(
        narrative="", problems="").order_by("-report__period__start")
    found = {}
    for row in earlier.only("narrative", "problems", "status", *(f"{kind}_id" for kind in ITEM_KINDS)):
        kind = next(kind for kind in ITEM_KINDS if getattr(row, f"{kind}_id"))
        found.setdefault((kind, getattr(row, f"{kind}_id")), row)
    return found


# The change reason of the record that holds a value as it stood when auditing began (reporting migration 0003).
BASELINE = "baseline"
TRAIL_FIELDS = {ReportItem: ("status", "narrative", "problems"),
                ReportIndicatorLine: ("value", "numerator", "denominator", "source_note")}


def _shown(model, field: str, value) -> str:
    if value in (None, ""):
        return ""
    if field == "status":
        return str(ItemStatus(value).label)
    return plain_number(value) if isinstance(value, Decimal) else str(value)


def report_value_trail(*, report: PrefectureReport, since=None) -> list[ValueChange]:
    """Every change of the report's values, oldest first (from `since` on, if given): each item's status and
    texts, each indicator line's value and parts. Reads the report's prefetched items and lines for their codes."""
    subjects = {ReportItem: {item.pk: item.code for item in report.items.all()},
                ReportIndicatorLine: {line.pk: line.indicator.code for line in report.indicator_lines.all()}}
    changes = []
    for model, fields in TRAIL_FIELDS.items():
        records = model.history.filter(report_id=report.pk).select_related("history_user").order_by(
            "id", "history_date", "history_id")
        previous = {}
        for record in records:
            before = previous.get(record.id)
            previous[record.id] = record
            if since is not None and record.history_date <= since or record.history_change_reason == BASELINE:
                continue  # a baseline is what a value was when auditing began: the "before" of its first change
            channel = channel_label(record.history_change_reason)
            for field in fields:
                old = _shown(model, field, getattr(before, field) if before else None)
                new = _shown(model, field, getattr(record, field))
                if old != new:
                    changes.append(ValueChange(record.history_date, record.history_user, channel,
                                               subjects[model].get(record.id, ""),
                                               str(model._meta.get_field(field).verbose_name), old, new))
    return sorted(changes, key=lambda change: change.when)


def report_changes_since_return(*, report: PrefectureReport, trail: list[ValueChange] | None = None,
                                ) -> list[ValueChange] | None:
    """For a report returned and sent in again, what the prefecture changed since the office returned it (None
    for a report never returned). Taken from the whole `trail` when the caller read it already."""
    returns = [t.at for t in report.transitions.all() if t.to_status == ReportStatus.RETURNED]
    if not returns:
        return None
    if trail is None:
        return report_value_trail(report=report, since=max(returns))
    return [change for change in trail if change.when > max(returns)]


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


def completeness_by_prefecture(*, period=None, until: date | None = None) -> list[tuple[object, Completeness]]:
    """Per prefecture, over one period, or all of them (those ending by `until`), in one query."""
    today = timezone.localdate()
    scope = Q(reports__period=period) if period else Q()
    if until is not None:
        scope &= Q(reports__period__end__lte=until)

    def counted(extra=None):
        return Count("reports", filter=scope & (extra or Q()))

    prefectures = Agency.objects.prefectures().annotate(
        expected=counted(), submitted=counted(Q(reports__first_submitted_at__isnull=False)),
        on_time=counted(Q(reports__first_submitted_at__isnull=False, reports__is_late=False)),
        late=counted(Q(reports__is_late=True)),
    ).order_by("order")
    overdue = period is not None and today > period.due_date
    return [(a, Completeness(a.expected, a.submitted, a.on_time, a.late, overdue)) for a in prefectures]


# Progress on a task or key project


def item_timeline(*, user, item) -> QuerySet[ProgressEntry]:
    """The item's progress entries the user may read, newest first, with authors and evidence."""
    return visible_entries(user, item.progress_entries.select_related("author", "agency").prefetch_related("evidence"))


def evidence_for_download(*, user, pk: int) -> EvidenceFile:
    """An evidence file the user may read; DoesNotExist for a file of an item, entry or report they may not see.
    Each file handed out is in the security audit log (who read what)."""
    evidence = EvidenceFile.objects.select_related("entry", "report_item").get(pk=pk)
    if evidence.report_item_id:
        reports = visible_reports(user, PrefectureReport.objects.filter(pk=evidence.report_item.report_id))
        if not reports.exists():
            raise EvidenceFile.DoesNotExist
        return _downloaded(user, evidence)
    item = item_detail_for(evidence.entry.item)
    entries = visible_entries(user, ProgressEntry.objects.filter(pk=evidence.entry_id))
    if not can_view_item(user, item) or not entries.exists():
        raise EvidenceFile.DoesNotExist
    return _downloaded(user, evidence)


def _downloaded(user, evidence: EvidenceFile) -> EvidenceFile:
    audit_record(AuditEvent.EVIDENCE_DOWNLOADED, user=user,
                 object=f"evidence #{evidence.pk} {evidence.original_name} ({evidence.sha256[:12]})")
    return evidence


def latest_lines(*, indicator, reports) -> dict[int, ReportIndicatorLine]:
    """Each prefecture's latest value of the indicator among `reports`: {prefecture id: line}."""
    lines = (ReportIndicatorLine.objects.filter(indicator=indicator, value__isnull=False, report__in=reports)
             .select_related("report__period").order_by("report__period__end", "report__submitted_at"))
    return {line.report.prefecture_id: line for line in lines}  # the latest period wins


def prefecture_values(*, indicator, user) -> dict:
    """Each prefecture's latest reported value (submitted or accepted reports; `pending` until accepted) beside its
    allocated target, its light and progress, as far as the user may see reports: everyone's for the office,
    leadership and auditors; a reporter only its own; others none. The province's row, for those who see every
    prefecture, carries the one provincial value (indicators.selectors.with_current_value): the roll-up of the
    accepted reports or the official statistic, whichever is in force, judged by the target's own light."""
    latest = latest_lines(indicator=indicator, reports=visible_reports(
        user, PrefectureReport.objects.filter(status__in=COUNTED)))
    prefectures = Agency.objects.prefectures().order_by("order")
    if not sees_whole_plan(user):
        prefectures = prefectures.filter(pk=user.agency_id)
    targets = allocated_targets(indicator=indicator)
    rows = []
    for p in prefectures:
        line, target = latest.get(p.pk), targets.get((indicator.pk, p.pk))
        rows.append({"prefecture": p, "line": line, "target": target,
                     "pending": line is not None and line.report.status != ReportStatus.ACCEPTED,
                     "judgement": prefecture_judgement(indicator=indicator, target=target,
                                                       value=line.value if line else None,
                                                       as_of=line.report.period.end if line else None)})
    province = None
    if sees_whole_plan(user):
        allocated = sum(targets.values(), Decimal(0)) if targets else None
        partial = Allocation.objects.filter(indicator=indicator, is_partial=True).exists()
        province = {"allocated": allocated,
                    # e.g. after the provincial target was revised: the shares no longer add up to it
                    "allocation_off": indicator.kind == "count" and allocated is not None and not partial
                    and allocated != indicator.target_value}
    return {"rows": rows, "province": province}


def completion_request_entry(item) -> ProgressEntry | None:
    """The status update that asked for completion (办结申请): the latest that set the item awaiting verification."""
    return (item.progress_entries.filter(kind=EntryKind.STATUS_UPDATE, status=ItemStatus.PENDING_VERIFICATION)
            .select_related("author", "agency").prefetch_related("evidence").order_by("-created_at", "-pk").first())


def completion_decisions(item) -> QuerySet[CompletionDecision]:
    """The provincial office's decisions on the item's completion (the whole item's), newest first."""
    return CompletionDecision.objects.filter(**{type(item).ITEM_KIND: item}, part=None).select_related("decided_by")


def part_completion_request_entry(part: UnitPart) -> ProgressEntry | None:
    """The part update that asked for the part's completion: the unit's latest that set it awaiting
    verification."""
    return (ProgressEntry.objects.filter(**{part.item_type.model_class().ITEM_KIND: part.item_id},
                                         agency_id=part.agency_id, kind=EntryKind.PART_UPDATE,
                                         status=ItemStatus.PENDING_VERIFICATION)
            .select_related("author", "agency").prefetch_related("evidence").order_by("-created_at", "-pk").first())


@dataclass(frozen=True)
class PartTerms:
    """What the office said a unit's part is (分解): blank, no deadline of its own and no milestones when not
    broken out."""

    title: str = ""
    deadline: date | None = None
    milestones: tuple[tuple[int, int], ...] = ()


def part_terms(part: UnitPart | None) -> PartTerms:
    if part is None:
        return PartTerms()
    return PartTerms(part.title, part.deadline, tuple((m.year, m.percent) for m in part.milestones.all()))


def parts_of_items(items, *, agency=None) -> dict[tuple[str, int], list[UnitPart]]:
    """The units' parts of the given items (any kinds), or of one unit's: {(item kind, item id): [part]}, with
    their units and milestones, in three queries whatever the number of items."""
    ids = defaultdict(list)
    for item in items:
        ids[type(item)].append(item.pk)
    if not ids:
        return {}
    types = ContentType.objects.get_for_models(*ids)
    condition = Q(pk__in=[])
    for model, model_ids in ids.items():
        condition |= Q(item_type=types[model], item_id__in=model_ids)
    parts = UnitPart.objects.filter(condition)
    if agency is not None:
        parts = parts.filter(agency=agency)
    grouped = defaultdict(list)
    for part in parts.select_related("agency", "item_type").prefetch_related("milestones"):
        grouped[(part.item_type.model_class().ITEM_KIND, part.item_id)].append(part)
    return grouped


def unit_part(item, agency) -> UnitPart | None:
    return item_parts(item).filter(agency=agency).first()


def item_parts(item) -> QuerySet[UnitPart]:
    """The units' parts of an item, with their milestones and the office's decisions on them (newest first), in
    the units' order."""
    decisions = CompletionDecision.objects.select_related("decided_by").order_by("-decided_at", "-pk")
    return (UnitPart.objects.filter(item_type=ContentType.objects.get_for_model(item), item_id=item.pk)
            .select_related("agency", "status_updated_by")
            .prefetch_related("milestones", Prefetch("decisions", queryset=decisions)))
