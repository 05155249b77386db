"""The demo history `make run` opens on: the plan worked through from 2021 to today by its units, through the
portal's own services with the clock set to each day (time-machine): lateness and lights are the services' own.
The older periods' reports are written in bulk (see Speed below): they carry no history of each value's edits,
and, accepted without the service, do not feed the units' parts (分解事项) nor ask for completions; the latest
period does both, through the services.

What it holds: baselines for the headline targets and yearly provincial values (some ahead, some behind, some far
behind: targets light green and red for real reasons, grey where a target has no value); the departments' status
updates on the items they lead, some with a small evidence file, and the office's verifications; a reporting
period per quarter, each prefecture's report filled with plausible text (most on time, some late, the latest
period partly filled, one report returned); a deadline revision, an allocation and a few assignments; a snapshot
each quarter so the trend has a shape; the daily supervision run now and then (notices, digests) and problems
raised from the latest reports; an issued quarterly bulletin (通报), last year's scores closed with one adjustment,
and, once the plan period has ended, the final evaluation's bulletin in draft.

Deterministic: the same day gives the same history. Loaded once: a database that already has a reporting period
is left as it is. Refused where demo accounts are (production settings).

Speed: service call by service call, the five years took minutes on SQLite (some 370 reports at 0.3 s each).
So the older periods' reports are written in bulk (values, statuses, transitions, lateness as the services leave
them, without each value's edit history), the latest period goes through the services, and the whole load is one
transaction: about 8 seconds on the first `make run` (2 cores), a third each opening the periods, the snapshots
and the departments' updates.
"""

import time
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django.utils import timezone

from agencies.models import Agency, ResponsibilityRole, Role, User
from agencies.services import user_set_roles
from bulletins.models import BulletinKind
from bulletins.services import bulletin_approve, bulletin_draft, bulletin_issue
from core.channels import Channel
from core.dates import PLAN_END
from evaluation.scoring import DEFAULT_CRITERIA
from evaluation.services import scheme_close, scheme_save, score_adjust
from indicators.models import Indicator
from indicators.services import allocation_save, indicator_set_baseline, indicator_value_add
from projects.models import KeyProject
from recompute.services import snapshots_recompute
from reminders.services import reminders_send
from reporting.models import (
    PeriodKind,
    PrefectureReport,
    ReportingPeriod,
    ReportStatus,
    ReportTransition,
)
from reporting.services import (
    ItemInput,
    LineInput,
    completion_decide,
    item_update_status,
    period_open,
    report_accept,
    report_return,
    report_save,
    report_submit,
)
from revisions.services import item_revise_deadline
from supervision.selectors import responsible_units
from supervision.services import assignment_save
from tasks.models import ItemScope, ItemStatus, Task

BEIJING = ZoneInfo("Asia/Shanghai")
FIRST_YEAR = 2021

PROGRESS = ["已完成年度工作方案编制并印发实施", "组织开展专项督导检查，发现问题已督促整改",
            "完成阶段性建设任务，正在组织验收", "已落实配套资金，项目按计划推进", "开展培训演练，覆盖各县（市、区）",
            "建立工作台账，按月调度推进"]
PROBLEMS = ["县级专业人员不足，部分工作推进较慢", "配套资金到位滞后", "跨部门数据共享机制尚不健全"]


@dataclass
class DemoReport:
    counts: dict = field(default_factory=dict)
    timings: dict = field(default_factory=dict)  # seconds spent per kind of event
    stored_files: list = field(default_factory=list)  # evidence written to storage: deleted if the load fails
    seconds: float = 0.0

    def add(self, name: str, n: int = 1) -> None:
        self.counts[name] = self.counts.get(name, 0) + n

    def summary(self) -> str:
        return " ".join(f"{name}={n}" for name, n in self.counts.items()) + f" seconds={self.seconds:.1f}"


def _at(day: date, hour: int = 10):
    """The clock set to `day` (Beijing time) for the services called inside."""
    import time_machine  # a development tool: the demo is refused in production before it is needed

    return time_machine.travel(datetime(day.year, day.month, day.day, hour, tzinfo=BEIJING), tick=False)


def _pick(*keys) -> int:
    """A number in [0, 100) fixed by its keys: the same history every time."""
    return sum((i + 1) * ord(ch) for i, ch in enumerate("·".join(map(str, keys)))) % 100


def _periods(today: date) -> list[tuple[str, int, int]]:
    """The reporting periods the office has opened by `today` (each the day after it ends), oldest first."""
    periods = [(PeriodKind.QUARTER, year, number) for year in range(FIRST_YEAR, today.year + 1)
               for number in range(1, 5)]
    return [period for period in periods if _opening_day(*period) <= today]


def demo_history_load(*, today: date | None = None) -> DemoReport | None:
    """Load the demo history up to `today`; None when the database has reporting periods already."""
    if not settings.DEMO_ACCOUNTS_ALLOWED:
        raise PermissionDenied("The demo history is not loaded with these settings (DEMO_ACCOUNTS_ALLOWED).")
    if ReportingPeriod.objects.exists():
        return None
    started = time.monotonic()
    today = today or timezone.localdate()
    report = DemoReport()
    # One transaction: all or nothing, and one commit (SQLite writes each commit to disk, which made the load slow).
    # Files outlive a rolled-back transaction: those it stored are deleted with it.
    try:
        with transaction.atomic():
            _load(today, report)
    except BaseException:
        for name in report.stored_files:
            default_storage.delete(name)
        raise
    report.seconds = time.monotonic() - started
    return report


def _load(today: date, report: DemoReport) -> None:
    office = User.objects.get(username="coordinator")
    _unit_users()
    _baselines(office, report)
    events = []
    for kind, year, number in _periods(today):
        events.append((_opening_day(kind, year, number), "period", (kind, year, number)))
    for year in range(FIRST_YEAR, today.year + 1):
        for month in (6, 12):
            day = date(year, month, 20)
            if day < today:
                events.append((day, "items", None))
        if date(year + 1, 1, 20) < today:
            events.append((date(year + 1, 1, 20), "values", year))
    # A snapshot at each quarter's end (the trend's points; the nightly job adds one a day from today on).
    month = date(FIRST_YEAR, 1, 31)
    while month < today:
        if month.month % 3 == 0:
            events.append((month, "snapshot", None))
        month = (month.replace(day=1) + timedelta(days=62)).replace(day=1) - timedelta(days=1)
    events.append((date(2024, 6, 30), "revision", None))
    events.append((date(2024, 3, 10), "allocation", None))
    events.append((today - timedelta(days=40), "assignments", None))
    for day in (today - timedelta(days=30), today - timedelta(days=2)):
        events.append((day, "supervision", None))
    events.append((today, "snapshot", None))
    # A quarterly bulletin issued a fortnight after its quarter, the last year's scores closed at the end of
    # February, and the final evaluation's bulletin in draft.
    for kind, year, number in reversed(_periods(today)[-2:]):
        if _opening_day(kind, year, number) + timedelta(days=15) < today:
            events.append((_opening_day(kind, year, number) + timedelta(days=15), "bulletin", (kind, year, number)))
            break
    scored = today.year - 1 if date(today.year, 2, 28) < today else today.year - 2
    events.append((date(scored + 1, 2, 28), "scores", scored))
    if today > PLAN_END:
        events.append((today, "bulletin", (BulletinKind.FINAL, PLAN_END.year, 1)))
    for day, kind, args in sorted((e for e in events if e[0] <= today), key=lambda event: (event[0], event[1])):
        began = time.monotonic()
        with _at(day):
            HANDLERS[kind](day, args, office, today, report)
        report.timings[kind] = report.timings.get(kind, 0.0) + time.monotonic() - began


def _unit_users() -> None:
    """A reporter for each prefecture and an editor for each department that leads an item, where the demo's
    accounts have none (those sign in; these only act in the history and cannot sign in), so every unit's work
    moves and the office verifies what others asked."""
    lead_ids = set()
    for model in (Task, KeyProject):
        responsibilities = model._meta.get_field("responsibilities").related_model
        lead_ids |= set(responsibilities.objects.filter(role=ResponsibilityRole.LEAD).values_list("agency", flat=True))
    units = [(unit, Role.PREFECTURE_REPORTER, "填报员") for unit in Agency.objects.prefectures()]
    units += [(unit, Role.DEPARTMENT_EDITOR, "联络员")
              for unit in Agency.objects.filter(pk__in=lead_ids).exclude(kind="prefecture").order_by("order")]
    for unit, role, title in units:
        if not User.objects.filter(agency=unit, role_assignments__role=role).exists():
            user = User.objects.create(username=f"demo-{role}-{unit.pk}", agency=unit, demo=True,
                                       email=f"demo-{unit.pk}@demo.invalid",
                                       first_name=f"{unit.short_name or unit.name}{title}")
            user.set_unusable_password()
            user.save()
            user_set_roles(user=user, roles=[role])


def _opening_day(kind, year, number) -> date:
    """The day after the period ends, when the office opens it."""
    months = 6 if kind == PeriodKind.HALF_YEAR else 3
    end_month = number * months
    return (date(year, end_month, 1) + timedelta(days=32)).replace(day=1)


def _baselines(office, report) -> None:
    with _at(date(FIRST_YEAR, 1, 15)):
        for indicator in Indicator.objects.filter(goal_area__isnull=False, baseline_value__isnull=True):
            target = indicator.target_value
            if target is None:
                continue
            factor = Decimal("0.6") if indicator.comparator == ">=" else Decimal("1.6")
            indicator_set_baseline(indicator=indicator, baseline_value=(target * factor).quantize(Decimal("0.01")),
                                   baseline_year=2020, baseline_source="《云南省应急管理事业发展统计公报（2020）》",
                                   target_2035_value=indicator.target_2035_value, actor=office,
                                   expected_version=indicator.version)
            report.add("baselines")


RECENT_PERIODS = 1  # the latest period goes through the services one call at a time; the older ones in bulk


def _on_period(day, args, office, today, report) -> None:
    kind, year, number = args
    period = period_open(kind=kind, year=year, number=number, actor=office)
    report.add("periods")
    opened = _periods(today)
    if args not in opened[-RECENT_PERIODS:]:
        _reports_accepted_in_bulk(period, office, report)
        return
    current = args == opened[-1]  # the latest period: some not started, some drafts, some awaiting review
    for index, draft in enumerate(period.reports.select_related("prefecture").order_by("prefecture__order")):
        reporter = User.objects.filter(agency=draft.prefecture, role_assignments__role=Role.PREFECTURE_REPORTER).first()
        if reporter is None:
            continue
        # In the latest period a fifth have not started (overdue), a quarter hold a draft, a third await review;
        # the two prefectures that sign in have something to do: kunming a draft to finish, dali's to be reviewed;
        roll = _pick(year, number, index)
        if current:  # and the last prefecture's report was returned to it
            roll = {"kunming": 30, "dali": 60}.get(reporter.username, 99 if index == 15 else roll)
        if current and roll < 20:
            continue
        submit_day = period.due_date + timedelta(days=roll // 10 - 6)  # most before the due date, some after
        with _at(min(submit_day, today)):
            saved = _fill(draft, reporter, year, number, index, partial=current and roll < 45)
            report.add("reports_filled")
            if current and roll < 45:
                continue
            report_submit(report=saved, actor=reporter)
            report.add("reports_submitted")
        if current and roll < 75:
            continue
        review_day = min(submit_day + timedelta(days=5), today)
        with _at(review_day):
            if roll % 17 == 3 or (current and roll > 93):
                report_return(report=saved, reason="部分事项进展情况过于简略，请补充具体数据后重新报送。", actor=office)
                report.add("reports_returned")
                if current:
                    continue  # still with the prefecture
                with _at(min(review_day + timedelta(days=2), today)):
                    saved = _fill(saved, reporter, year, number, index, extra="（已补充完成数量和资金到位情况）")
                    report_submit(report=saved, actor=reporter)
            else:
                report_accept(report=saved, actor=office)
                report.add("reports_accepted")


def _item_input(year, number, index, position, extra="") -> ItemInput:
    roll = _pick(year, number, index, position)
    return ItemInput(status="completed" if year < 2025 and roll > 85 else "in_progress",
                     narrative=f"{year}年：{PROGRESS[roll % len(PROGRESS)]}。{extra}",
                     problems=PROBLEMS[roll % len(PROBLEMS)] if roll < 12 else "")


def _line_input(line, year, number, index, prefecture) -> LineInput:
    roll = _pick(year, number, index, line.indicator.code)
    source = f"{prefecture.short_name or prefecture}应急管理局"
    if line.indicator.rollup_method == "ratio":
        return LineInput(numerator=Decimal(60 + roll % 40), denominator=Decimal(100), source_note=source)
    growth = Decimal(year - FIRST_YEAR + 1) / 5
    return LineInput(value=(Decimal(5 + roll % 20) * growth).quantize(Decimal("1")), source_note=source)


def _fill(draft, reporter, year, number, index, *, partial=False, extra="") -> PrefectureReport:
    draft = PrefectureReport.objects.get(pk=draft.pk)
    items = {item.pk: _item_input(year, number, index, position, extra)
             for position, item in enumerate(draft.items.all()) if not (partial and position % 3 == 0)}
    lines = {line.pk: _line_input(line, year, number, index, draft.prefecture)
             for line in draft.indicator_lines.select_related("indicator")}
    return report_save(report=draft, items=items, lines=lines, actor=reporter, expected_version=draft.version,
                       channel=Channel.PAGE)


def _reports_accepted_in_bulk(period, office, report) -> None:
    """An older period's reports, filled, submitted (most on time) and accepted, written in a few statements: the
    state the services leave (values, statuses, transitions, lateness), less the history of each value's edits."""
    kind, year, number = period.kind, period.year, period.number
    reports = list(period.reports.select_related("prefecture").order_by("prefecture__order"))
    items, lines, transitions = [], [], []
    for index, draft in enumerate(reports):
        reporter = User.objects.filter(agency=draft.prefecture, role_assignments__role=Role.PREFECTURE_REPORTER
                                       ).first()
        for position, item in enumerate(draft.items.all()):
            data = _item_input(year, number, index, position)
            # the problems of years past were dealt with then: only the latest period's reach the problem list
            item.status, item.narrative, item.problems = data.status, data.narrative, ""
            items.append(item)
        for line in draft.indicator_lines.select_related("indicator"):
            data = _line_input(line, year, number, index, draft.prefecture)
            line.numerator, line.denominator, line.source_note = data.numerator, data.denominator, data.source_note
            line.value = (data.numerator / data.denominator * 100).quantize(Decimal("0.0001")) \
                if data.denominator else data.value
            lines.append(line)
        submitted = datetime.combine(period.due_date + timedelta(days=_pick(kind, year, number, index) // 10 - 6),
                                     datetime.min.time(), tzinfo=BEIJING).replace(hour=16)
        accepted = submitted + timedelta(days=5)
        draft.status, draft.first_submitted_at, draft.submitted_at = ReportStatus.ACCEPTED, submitted, submitted
        draft.is_late, draft.version = submitted.date() > period.due_date, draft.version + 3
        transitions += [ReportTransition(report=draft, from_status=ReportStatus.DRAFT, to_status=ReportStatus.SUBMITTED,
                                         actor=reporter, at=submitted),
                        ReportTransition(report=draft, from_status=ReportStatus.SUBMITTED,
                                         to_status=ReportStatus.ACCEPTED, actor=office, at=accepted)]
    _rows_update(items, ["status", "narrative", "problems"])
    _rows_update(lines, ["value", "numerator", "denominator", "source_note"])
    _rows_update(reports, ["status", "first_submitted_at", "submitted_at", "is_late", "version"])
    ReportTransition.objects.bulk_create(transitions)
    report.add("reports_accepted", len(reports))


def _rows_update(rows: list, fields: list[str]) -> None:
    """Save `fields` of rows of one model in a single prepared UPDATE run for each row: Django's bulk_update
    builds a CASE expression per field and row, which took half the demo's load time."""
    if not rows:
        return
    meta = rows[0]._meta
    columns = [meta.get_field(name) for name in fields]
    quote = connection.ops.quote_name
    sets = ", ".join(f"{quote(column.column)} = %s" for column in columns)
    with connection.cursor() as cursor:
        cursor.executemany(f"UPDATE {quote(meta.db_table)} SET {sets} WHERE {quote(meta.pk.column)} = %s",
                           [[column.get_db_prep_save(getattr(row, column.attname), connection) for column in columns]
                            + [row.pk] for row in rows])


def _on_items(day, args, office, today, report) -> None:
    """Each quarter the lead departments update the items they lead: most move on, some stall."""
    for task in Task.objects.filter(scope=ItemScope.ACTIVE).order_by("order"):
        lead = task.responsibilities.filter(role=ResponsibilityRole.LEAD).select_related("agency").first()
        if lead is None or lead.agency.kind == "prefecture":
            continue
        # The department's editor where it has an account, else the office on its behalf.
        editor = User.objects.filter(agency=lead.agency, role_assignments__role="department_editor").first() or office
        roll = _pick(task.code, "pace")
        elapsed = (day - date(FIRST_YEAR, 1, 1)).days / (date(2025, 12, 31) - date(FIRST_YEAR, 1, 1)).days
        pace = 1.1 if roll > 55 else 0.85 if roll > 25 else 0.5  # ahead, a little behind, far behind
        percent = max(task.percent, min(100, int(100 * elapsed * pace)))
        if percent == task.percent and percent < 100:
            continue
        if task.status == ItemStatus.PENDING_VERIFICATION:  # the office verifies most completions it is sent
            if roll % 5 and task.status_updated_by_id != office.pk:  # never one's own request
                completion_decide(decision="verify", item=task, note="佐证材料齐全，同意销号", actor=office,
                                  expected_version=task.version)
                report.add("completions_verified")
            continue
        if task.status == ItemStatus.COMPLETED:
            continue
        status = ItemStatus.COMPLETED if percent >= 100 and roll > 70 else ItemStatus.IN_PROGRESS
        percent = 100 if status == ItemStatus.COMPLETED else min(percent, 95)
        if percent == task.percent and status == task.status:
            continue
        files = [_evidence(f"{task.code}-{day:%Y%m}.pdf")] if (roll + day.year) % 4 == 0 else []
        entry = item_update_status(item=task, status=status, percent=percent, actor=editor,
                                   narrative=f"{day:%Y年%m月}：{PROGRESS[roll % 6]}", files=files,
                                   expected_version=task.version)
        report.stored_files += [evidence.file.name for evidence in entry.evidence.all()] if files else []
        report.add("status_updates")
        report.add("evidence_files", len(files))


def _evidence(name: str) -> SimpleUploadedFile:
    """A small PDF, as a department attaches to an update (佐证材料)."""
    return SimpleUploadedFile(name, b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n",
                              content_type="application/pdf")


def _on_assignments(day, args, office, today, report) -> None:
    """交办: the office assigns a few open items to their units, with instructions and an internal deadline."""
    # Only items whose deadline lies beyond the internal one: an internal deadline must come before the plan's.
    for task in Task.objects.filter(scope=ItemScope.ACTIVE, deadline__gt=today + timedelta(days=46)).exclude(
            status__in=[ItemStatus.COMPLETED, ItemStatus.PENDING_VERIFICATION]).order_by("order")[:4]:
        for unit, _role in responsible_units(task)[:2]:
            assignment_save(item=task, agency=unit, actor=office, internal_deadline=today + timedelta(days=45),
                            instructions="请于每月5日前报送进展，年底前完成。")
            report.add("assignments")


def _on_values(day, year, office, today, report) -> None:
    """The year's provincial statistics for the headline targets, each on its own pace."""
    for indicator in Indicator.objects.filter(goal_area__isnull=False, per_prefecture=False).exclude(
            baseline_value=None):
        roll = _pick(indicator.code, "value")
        share = Decimal(year - FIRST_YEAR + 1) / Decimal(5) * (Decimal("1.05") if roll > 50 else
                                                               Decimal("0.8") if roll > 20 else Decimal("0.4"))
        value = indicator.baseline_value + (indicator.target_value - indicator.baseline_value) * min(share, 1)
        indicator_value_add(indicator=indicator, value=value.quantize(Decimal("0.01")), as_of=date(year, 12, 31),
                            source=f"《{year}年云南省应急管理统计年报》", actor=office)
        report.add("values")


def _on_snapshot(day, args, office, today, report) -> None:
    snapshots_recompute(today=day)
    report.add("snapshots")


def _on_revision(day, args, office, today, report) -> None:
    task = Task.objects.filter(scope=ItemScope.ACTIVE, deadline__isnull=False).order_by("-order").first()
    item_revise_deadline(item=task, deadline=date(2026, 12, 31), reason="受项目用地审批影响，经省政府同意调整完成时限",
                         reference="云政办函〔2024〕58号", actor=office, expected_version=task.version)
    report.add("revisions")


def _on_allocation(day, args, office, today, report) -> None:
    indicator = Indicator.objects.filter(per_prefecture=True, rollup_method="sum").exclude(
        target_value=None).order_by("code").first()
    if indicator is None:
        return
    places = list(Agency.objects.prefectures().order_by("order"))
    total = int(indicator.target_value)
    shares = {place: Decimal(total // len(places)) for place in places}
    shares[places[0]] += total - sum(shares.values())
    allocation_save(indicator=indicator, shares=shares, is_partial=False, partial_reason="", actor=office,
                    expected_version=0, channel=Channel.PAGE)
    report.add("allocations")


def _on_supervision(day, args, office, today, report) -> None:
    reminders_send(today=day)
    report.add("supervision_runs")


def _on_bulletin(day, args, office, today, report) -> None:
    """通报: drafted from the snapshot; a period's bulletin approved and issued (its documents are built by the
    worker once the portal runs), the final evaluation's left in draft for the office to finish."""
    kind, year, number = args
    bulletin = bulletin_draft(kind=kind, year=year, number=number, actor=office)
    report.add("bulletins")
    if kind != BulletinKind.FINAL:
        approved = bulletin_approve(bulletin=bulletin, actor=office, expected_version=bulletin.version)
        bulletin_issue(bulletin=approved, actor=office, expected_version=approved.version)


def _on_scores(day, year, office, today, report) -> None:
    """The year's scores by the default scheme, one adjusted with its reason, then closed (定稿)."""
    scheme = scheme_save(year=year, criteria=DEFAULT_CRITERIA, actor=office, expected_version=0)
    last = Agency.objects.prefectures().order_by("-order").first()
    score_adjust(scheme=scheme, agency=last, points=-1, reason="报送数据与统计年报不一致，经核实扣1分", actor=office)
    scheme_close(scheme=scheme, actor=office, expected_version=scheme.version)
    report.add("scores_closed")


HANDLERS = {"period": _on_period, "items": _on_items, "values": _on_values, "snapshot": _on_snapshot,
            "revision": _on_revision, "allocation": _on_allocation, "supervision": _on_supervision,
            "assignments": _on_assignments, "bulletin": _on_bulletin, "scores": _on_scores}
