"""Writes of what units report.

- Progress on a task or key project: the lead unit's status update and every responsible unit's progress
  entries, with evidence.
- The prefecture reporting cycle: periods, reports, their items and indicator lines, and the draft → submitted →
  accepted / returned → resubmitted workflow, each transition recorded with who and when."""

import calendar
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from itertools import groupby

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from agencies.models import Agency, Role, User
from core.channels import Channel
from core.dates import HORIZON_END, PLAN_START
from core.errors import StaleVersionError
from core.jobs import PROBLEMS_COLLECT, job_on_commit, snapshots_recompute_soon
from core.uploads import evidence_check_all, files_removed_on_failure
from core.xlsx import TemplateStamp
from indicators.models import Indicator, IndicatorValue
from indicators.rollup import rollup_value
from notifications.models import Notification
from notifications.services import coordinators, notify, notify_on_commit
from projects.models import KeyProject, Safeguard
from reporting.models import (
    EDITABLE,
    ITEM_KINDS,
    CompletionDecision,
    EntryKind,
    EvidenceFile,
    PartMilestone,
    PeriodKind,
    PrefectureReport,
    ProgressEntry,
    ReportIndicatorLine,
    ReportingPeriod,
    ReportItem,
    ReportStatus,
    ReportTransition,
    UnitPart,
)
from reporting.permissions import can_edit_report, can_manage_periods, can_review_report
from reporting.selectors import completion_request_entry, part_completion_request_entry, report_value_trail
from tasks.models import DECIDED_BY_THE_OFFICE, REPORTED_STATUSES, ItemScope, ItemStatus, Task
from tasks.permissions import can_add_progress, can_update_part, can_update_status, can_verify_completion
from tasks.selectors import ACTIONS, HistoryEntry, item_history, saves_since

INACTIVE = (ItemScope.NOT_APPLICABLE, ItemScope.MERGED)
MONTHS = {PeriodKind.QUARTER: 3, PeriodKind.HALF_YEAR: 6, PeriodKind.YEAR: 12}
DUE_AFTER_DAYS = 10


def period_bounds(kind: str, year: int, number: int) -> tuple[date, date]:
    months = MONTHS[kind]
    if not 1 <= number <= 12 // months:
        raise ValidationError({"number": _("There is no period %(n)d of this kind in a year.") % {"n": number}})
    first_month = (number - 1) * months + 1
    last_month = first_month + months - 1
    return date(year, first_month, 1), date(year, last_month, calendar.monthrange(year, last_month)[1])


def period_open(*, kind: str = PeriodKind.QUARTER, year: int, number: int, due_date: date | None = None,
                actor: User) -> ReportingPeriod:
    """Open a period: one report per prefecture, pre-filled with every task and key project the prefecture
    answers for (by name or through 各州、市人民政府) and every indicator measured per prefecture.
    Opening an open period again adds what is missing and changes nothing else."""
    if not can_manage_periods(actor):
        raise PermissionDenied(_("Only the provincial office opens reporting periods."))
    if kind not in PeriodKind.values:
        raise ValidationError({"kind": _("Choose quarter, half year or year.")})
    start, end = period_bounds(kind, year, number)
    due_date = due_date or end + timedelta(days=DUE_AFTER_DAYS)
    if due_date < end:
        raise ValidationError({"due_date": _("The due date cannot be before the period ends.")})
    with transaction.atomic():
        period, created = ReportingPeriod.objects.get_or_create(
            kind=kind, year=year, number=number,
            defaults={"start": start, "end": end, "due_date": due_date, "opened_at": timezone.now(),
                      "opened_by": actor})
        indicators = list(Indicator.objects.filter(per_prefecture=True).order_by("code"))
        prefectures = list(Agency.objects.prefectures().order_by("order"))
        reports = {report.prefecture_id: report for report in period.reports.all()}
        for prefecture in prefectures:
            if prefecture.pk not in reports:  # get_or_create: another opening of the same period may be under way
                reports[prefecture.pk] = PrefectureReport.objects.get_or_create(period=period,
                                                                                prefecture=prefecture)[0]
        filled = set(ReportItem.objects.filter(report__period=period).values_list("report_id", flat=True))
        new_items, new_lines = [], []
        for prefecture in prefectures:
            report = reports[prefecture.pk]
            if report.pk in filled:
                continue
            # Items the plan no longer counts (not applicable, merged) are not reported on.
            items = [item for model, order in ((Task, "order"), (KeyProject, "number"), (Safeguard, "number"))
                     for item in model.objects.for_agency(prefecture).filter(scope=ItemScope.ACTIVE).order_by(order)
                     .only("pk")]
            new_items += [ReportItem(report=report, position=position, **_item_link(item))
                          for position, item in enumerate(items, start=1)]
            new_lines += [ReportIndicatorLine(report=report, indicator=indicator) for indicator in indicators]
        # One insert for every report's items (and lines): a period opens in a few statements.
        ReportItem.objects.bulk_create(new_items)
        ReportIndicatorLine.objects.bulk_create(new_lines)
    return period


@dataclass
class ItemInput:
    status: str = ""
    narrative: str = ""
    problems: str = ""
    files: tuple = ()


@dataclass
class LineInput:
    value: Decimal | None = None
    numerator: Decimal | None = None
    denominator: Decimal | None = None
    source_note: str = ""


LIMIT = Decimal("1e9")


def _check_line(line: ReportIndicatorLine, data: LineInput) -> dict:
    errors = {}
    for field in ("value", "numerator", "denominator"):
        number = getattr(data, field)
        if number is not None and (not number.is_finite() or abs(number) >= LIMIT):
            errors[field] = _("Enter an ordinary number below one billion.")
    if errors:
        return errors
    if line.indicator.rollup_method == "ratio":
        if (data.numerator is None) != (data.denominator is None):
            errors["numerator"] = _("Give both the numerator and the denominator.")
        elif data.denominator is not None and data.denominator <= 0:
            errors["denominator"] = _("The denominator must be greater than zero.")
        elif data.denominator and abs(data.numerator / data.denominator * 100) >= LIMIT:
            errors["numerator"] = _("The numerator is out of proportion to the denominator.")
        elif data.numerator is not None and data.numerator < 0:
            errors["numerator"] = _("The numerator cannot be negative.")
    if data.value is not None and data.value < 0:
        errors["value"] = _("The value cannot be negative.")
    if line.indicator.unit == "%" and data.value is not None and data.value > 100:
        errors["value"] = _("A percentage cannot exceed 100.")
    return errors


def report_save(*, report: PrefectureReport, items: dict[int, ItemInput], lines: dict[int, LineInput], actor: User,
                expected_version: int, channel: str) -> PrefectureReport:
    """Save the reporter's draft (by item id and line id). All or nothing: one bad value saves nothing. Each value
    that changes is recorded with who changed it and through which `channel` (a Channel: page, Excel, API)."""
    if not can_edit_report(actor, report):
        raise PermissionDenied(_("Only the reporter of this prefecture can fill in its report."))
    errors = {}
    own_items = {item.pk: item for item in report.items.select_related(*ITEM_KINDS)}
    own_lines = {line.pk: line for line in report.indicator_lines.select_related("indicator")}
    checked_files = {}
    for item_id, data in items.items():
        if item_id not in own_items:
            raise PermissionDenied(_("That item is not part of this report."))
        if data.status and data.status not in REPORTED_VALUES:
            errors[f"item-{item_id}-status"] = _("Choose one of the statuses offered.")
        try:
            checked_files[item_id] = evidence_check_all(data.files)
        except ValidationError as error:
            errors[f"item-{item_id}-evidence"] = error.messages
    for line_id, data in lines.items():
        if line_id not in own_lines:
            raise PermissionDenied(_("That indicator is not part of this report."))
        errors.update({f"line-{line_id}-{field}": message
                       for field, message in _check_line(own_lines[line_id], data).items()})
    if errors:
        raise ValidationError(errors)
    with files_removed_on_failure() as written, transaction.atomic():
        locked = PrefectureReport.objects.select_for_update().get(pk=report.pk)
        if locked.version != expected_version:
            raise StaleVersionError(item=locked, expected_version=expected_version,
                                    changes=saves_since(locked, version=expected_version))
        if not locked.editable:
            raise ValidationError(_("This report has been submitted and is locked until the office returns it."))
        changed = False
        for item_id, data in items.items():
            item = own_items[item_id]
            changed |= _audited_save(item, {"status": data.status, "narrative": data.narrative.strip(),
                                            "problems": data.problems.strip()}, actor=actor, channel=channel)
            changed |= bool(checked_files[item_id])
            EvidenceFile.store_all(checked_files[item_id], written=written, report_item=item)
        for line_id, data in lines.items():
            line = own_lines[line_id]
            value = data.value
            if line.indicator.rollup_method == "ratio" and data.denominator:
                value = (data.numerator / data.denominator * 100).quantize(Decimal("0.0001"))
            changed |= _audited_save(line, {"value": value, "numerator": data.numerator,
                                            "denominator": data.denominator, "source_note": data.source_note.strip()},
                                     actor=actor, channel=channel)
        # A save that changes nothing (an autosave of what is stored already) is no new version: another tab
        # holding this one is not made stale by it.
        if changed:
            locked.version += 1
            locked._history_user = actor
            locked.save(update_fields=["version"])
    return locked


def report_upload_save(*, report: PrefectureReport, items: dict[int, ItemInput], lines: dict[int, LineInput],
                       actor: User, stamp: TemplateStamp) -> PrefectureReport:
    """Save a filled template (reporting.excel) like report_save, unless someone else changed a value of the
    report after the template was made: their work would be overwritten, so StaleVersionError names what they
    changed. The uploader's own saves and the office's review steps since the template do not count."""
    others = [change for change in report_value_trail(report=report, since=stamp.made_at)
              if change.user is None or change.user.pk != actor.pk]
    if others:
        raise StaleVersionError(item=report, expected_version=stamp.version, changes=[
            HistoryEntry(change.when, change.user, str(ACTIONS["~"]),
                         [(f"{change.subject} {change.field}", change.old, change.new)]) for change in others])
    return report_save(report=report, items=items, lines=lines, actor=actor, expected_version=report.version,
                       channel=Channel.EXCEL)


def _audited_save(row, values: dict, *, actor: User, channel: str) -> bool:
    """Write the values that differ, and only those, into the row's history with who and through which channel
    (a value saved unchanged is not a change, and leaves no record). Whether anything was written."""
    changed = [field for field, value in values.items() if getattr(row, field) != value]
    if not changed:
        return False
    for field in changed:
        setattr(row, field, values[field])
    row._history_user, row._change_reason = actor, channel
    row.save(update_fields=changed)
    return True


def _transition(report, to_status, actor: User, note=""):
    ReportTransition.objects.create(report=report, from_status=report.status, to_status=to_status, actor=actor,
                                    note=note)
    report.status = to_status
    report.version += 1
    report._history_user = actor


def report_submit(*, report: PrefectureReport, actor: User) -> PrefectureReport:
    """Submit (or resubmit) a report: it is locked for the reporter until the office returns it."""
    if not can_edit_report(actor, report):
        raise PermissionDenied(_("Only the reporter of this prefecture can submit its report."))
    with transaction.atomic():
        locked = PrefectureReport.objects.select_for_update().select_related("period").get(pk=report.pk)
        if not locked.editable:
            raise ValidationError(_("This report has already been submitted."))
        # An item the plan stopped counting after the report was opened needs no narrative.
        missing = list(locked.items.filter(narrative="").exclude(task__scope__in=INACTIVE).exclude(
            key_project__scope__in=INACTIVE).select_related(*ITEM_KINDS))
        if missing:
            # Named, and each marked by its own field (the page shows it beside the item).
            codes = "、".join(item.code for item in missing[:10]) + ("…" if len(missing) > 10 else "")
            raise ValidationError({NON_FIELD_ERRORS: [
                _("%(n)d items have no progress narrative yet (%(codes)s); fill them in before submitting.")
                % {"n": len(missing), "codes": codes}],
                **{f"item-{item.pk}-narrative": [_("Fill in the progress before submitting.")] for item in missing}})
        now = timezone.now()
        if locked.first_submitted_at is None:
            locked.first_submitted_at = now
            locked.is_late = timezone.localdate(now) > locked.period.due_date
        locked.submitted_at = now
        _transition(locked, ReportStatus.SUBMITTED, actor)
        locked.save(update_fields=["status", "first_submitted_at", "submitted_at", "is_late", "version"])
        if locked.items.exclude(problems="").exists():
            job_on_commit(PROBLEMS_COLLECT)  # its 存在问题 become tracked problems (the problem list)
    return locked


def report_accept(*, report: PrefectureReport, actor: User) -> PrefectureReport:
    if not can_review_report(actor):
        raise PermissionDenied(_("Only the provincial office reviews reports."))
    with transaction.atomic():
        locked = PrefectureReport.objects.select_for_update().get(pk=report.pk)
        if locked.status != ReportStatus.SUBMITTED:
            raise ValidationError(_("Only a submitted report can be accepted."))
        _transition(locked, ReportStatus.ACCEPTED, actor)
        locked.save(update_fields=["status", "version"])
        _parts_from_report(locked)
    snapshots_recompute_soon()  # its values now count in the provincial figures
    return locked


def report_return(*, report: PrefectureReport, reason: str, actor: User) -> PrefectureReport:
    """Send a submitted report back with a reason; the prefecture's reporters are notified."""
    if not can_review_report(actor):
        raise PermissionDenied(_("Only the provincial office reviews reports."))
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Say why the report is returned, so the prefecture can correct it.")})
    with transaction.atomic():
        locked = PrefectureReport.objects.select_for_update().select_related("period", "prefecture").get(
            pk=report.pk)
        if locked.status != ReportStatus.SUBMITTED:
            raise ValidationError(_("Only a submitted report can be returned."))
        locked.return_reason = reason.strip()
        _transition(locked, ReportStatus.RETURNED, actor, note=reason.strip())
        locked.save(update_fields=["status", "return_reason", "version"])
        reporters = User.objects.filter(agency_id=locked.prefecture_id, is_active=True,
                                        role_assignments__role=Role.PREFECTURE_REPORTER)
        count = locked.transitions.count()
        notify(reporters, key=f"report-returned:{locked.pk}:{count}", title=f"{locked.period}报告已被退回",
               body=locked.return_reason, url=reverse("reports:detail", args=[locked.pk]), urgent=True)
    return locked


def reports_urge(*, period: ReportingPeriod, actor: User) -> list[PrefectureReport]:
    """催报: tell the reporters of each prefecture whose report of `period` is not in (a draft, or returned) to
    submit it, at once (shown and e-mailed). Once a day: a second click the same day tells nobody again. Returns
    the reports whose reporters were told now (none for a prefecture without a reporter's account)."""
    if not can_manage_periods(actor):
        raise PermissionDenied(_("Only the provincial office urges the prefectures to report."))
    missing = list(period.reports.filter(status__in=EDITABLE).select_related("prefecture", "period")
                   .order_by("prefecture__order"))
    reporters = defaultdict(list)
    for user in User.objects.filter(agency__in=[report.prefecture_id for report in missing], is_active=True,
                                    role_assignments__role=Role.PREFECTURE_REPORTER).distinct():
        reporters[user.agency_id].append(user)
    today = timezone.localdate()
    days = (today - period.due_date).days
    keys = {report.pk: f"report-urged:{report.pk}:{today.isoformat()}" for report in missing}
    told_today = set(Notification.objects.filter(key__in=keys.values()).values_list("key", flat=True))
    # Stored once for its readers, in the portal's language (as every notification is).
    when = f"已逾期{days}天" if days > 0 else f"{period.due_date:%Y-%m-%d}截止"
    urged = [report for report in missing if reporters[report.prefecture_id] and keys[report.pk] not in told_today]
    for report in urged:
        notify(reporters[report.prefecture_id], key=keys[report.pk], title=f"省应急厅催报：{period}报告（{when}）",
               body="请尽快填写并报送本期报告。", url=reverse("reports:detail", args=[report.pk]), urgent=True)
    return urged


def indicator_rollups_refresh() -> int:
    """Keep the provincial values rolled up from the prefectures' accepted reports in step with those reports, for
    every target measured per prefecture: on each date a reporting period ends, the roll-up by the target's method
    of each prefecture's latest accepted value for periods ending on or before that date (a prefecture that has
    not reported since still counts with its last value). Run by the recomputation before it judges the lights;
    returns how many values it created, changed or removed."""
    # Plain rows, not model instances: the recomputation reads every accepted line of every period each night.
    lines = (ReportIndicatorLine.objects.filter(report__status=ReportStatus.ACCEPTED, indicator__per_prefecture=True,
                                                value__isnull=False)
             .order_by("indicator__code", "report__period__end", "report__submitted_at")
             .values_list("indicator_id", "report__period__end", "report__period_id", "report__prefecture_id",
                          "report__submitted_at", "value", "numerator", "denominator", named=True))
    methods = dict(Indicator.objects.filter(per_prefecture=True).values_list("pk", "rollup_method"))
    period_names = {period.pk: str(period) for period in ReportingPeriod.objects.all()}
    wanted: dict[tuple[int, date], dict] = {}
    latest: dict[int, tuple] = {}  # the indicator's latest line of each prefecture so far
    current_indicator = None
    # Lines come grouped by indicator and period end: roll up once at the end of each group (rolling up after every
    # line made the nightly recomputation quadratic in the prefectures' lines).
    for (indicator_id, end), group in groupby(lines, key=lambda ln: (ln.indicator_id, ln.report__period__end)):
        if indicator_id != current_indicator:
            current_indicator, latest = indicator_id, {}
        periods = set()
        for line in group:
            latest[line.report__prefecture_id] = line
            periods.add(period_names[line.report__period_id])
        in_order = sorted(latest.values(), key=lambda ln: ln.report__submitted_at)
        value = rollup_value(methods[indicator_id], in_order)
        if value is not None:
            wanted[(indicator_id, end)] = {"value": value, "prefectures": len(latest), "periods": periods}
    changed = 0
    with transaction.atomic():
        existing = {(v.indicator_id, v.as_of): v for v in IndicatorValue.objects.select_for_update().filter(
            rolled_up=True)}
        for key in existing.keys() - wanted.keys():
            existing[key].delete()
            changed += 1
        for (indicator_id, as_of), rolled in wanted.items():
            fields = {"value": rolled["value"], "prefectures": rolled["prefectures"],
                      "source": "、".join(sorted(rolled["periods"]))}
            value = existing.get((indicator_id, as_of)) or IndicatorValue(indicator_id=indicator_id, as_of=as_of,
                                                                           rolled_up=True)
            if value.pk and all(getattr(value, name) == new for name, new in fields.items()):
                continue
            for name, new in fields.items():
                setattr(value, name, new)
            value.save()
            changed += 1
    return changed


# Progress on a task, key project or safeguard: status updates by the lead unit, entries by every responsible unit.


def _item_link(item) -> dict:
    return {type(item).ITEM_KIND: item}


def _require_agency(actor: User) -> None:
    # An entry records the unit that wrote it; an account of no unit must get one first.
    if actor.agency_id is None:
        raise ValidationError(_("Your account belongs to no unit, and progress is recorded per unit. The system "
                                "administrator sets your unit in the administration (用户 → 单位)."))


def _require_active(item) -> None:
    if not item.is_active:
        raise ValidationError(_("This item no longer counts in the plan (%(scope)s); it takes no more updates.")
                              % {"scope": item.get_scope_display()})


REPORTED_VALUES = {value for value, _label in REPORTED_STATUSES}


def _status_errors(*, status: str, percent, narrative: str) -> dict:
    errors = {}
    if status not in REPORTED_VALUES:
        errors["status"] = _("Choose one of the statuses offered.")
    if not isinstance(percent, int) or isinstance(percent, bool) or not 0 <= percent <= 100:
        errors["percent"] = _("Percent complete is a whole number from 0 to 100.")
    elif status == ItemStatus.COMPLETED and percent != 100:
        # xgettext:no-python-format
        errors["percent"] = _("A completed item is 100% complete.")
    if not (narrative or "").strip():
        errors["narrative"] = _("Describe the progress (进展情况).")
    return errors


def _status_input(*, status: str, percent, narrative: str, files) -> tuple[str, list]:
    """A status update's input checked (field errors otherwise), and the status it is recorded as: "completed"
    from a unit is a completion request (办结申请) awaiting the provincial office's verification."""
    errors = _status_errors(status=status, percent=percent, narrative=narrative)
    if errors:
        raise ValidationError(errors)
    checked_files = evidence_check_all(files)
    return (ItemStatus.PENDING_VERIFICATION if status == ItemStatus.COMPLETED else status), checked_files


def _decision_pending_or_made(status: str, *, part: bool) -> None:
    """A verified completion, or one awaiting the office, changes only by the office's decision (verified, sent
    back with a reason, reopened), never by a status update; more evidence goes in a progress entry."""
    if status == ItemStatus.COMPLETED:
        raise ValidationError({"status": _("This part has been verified as completed (销号). Only the provincial "
                                           "office reopens it, saying why.") if part else
                               _("This item has been verified as completed (销号). Only the provincial office "
                                 "reopens it, saying why.")})
    if status == ItemStatus.PENDING_VERIFICATION:
        raise ValidationError({"status": _("Its completion awaits the provincial office's verification; until then "
                                           "the status stays. Add a progress entry to send more evidence.")})


def _completion_requested(item, *, unit, narrative: str, key: str) -> None:
    """The office is told of a completion request (办结申请): it must verify it or send it back."""
    with translation.override(settings.LANGUAGE_CODE):  # stored text is in the portal's language
        notify_on_commit(coordinators(), key=key, url=item.get_absolute_url(), body=narrative.strip()[:500],
                         title=_("Completion to verify: %(unit)s, %(item)s") % {"unit": unit, "item": item})


def _completion_decided(item, decision: CompletionDecision, request: ProgressEntry | None) -> None:
    """Whoever asked for the completion is told of the office's decision (and why)."""
    if request is None:
        return
    with translation.override(settings.LANGUAGE_CODE):
        notify_on_commit([request.author], key=f"completion-decision:{decision.pk}", url=item.get_absolute_url(),
                         body=decision.note, title=_("%(decision)s: %(item)s") % {
                             "decision": decision.get_decision_display(), "item": item},
                         urgent=decision.decision == CompletionDecision.RETURNED)  # sent back: act now


def _entry_create(*, item, kind, actor: User, narrative, problems, next_steps, checked_files, written,
                  status="", percent=None):
    """Write a progress entry and its evidence (inside the caller's transaction)."""
    entry = ProgressEntry(kind=kind, author=actor, agency=actor.agency, status=status, percent=percent,
                          narrative=narrative.strip(), problems=(problems or "").strip(),
                          next_steps=(next_steps or "").strip(), **_item_link(item))
    entry.full_clean()
    entry.save()
    EvidenceFile.store_all(checked_files, written=written, entry=entry)
    snapshots_recompute_soon()
    if entry.problems:
        job_on_commit(PROBLEMS_COLLECT)  # a tracked problem of the problem list
    return entry


def item_update_status(*, item, status: str, percent: int, narrative: str, problems: str = "",
                       next_steps: str = "", files=(), actor: User, expected_version: int) -> ProgressEntry:
    """The lead unit (or the provincial office) sets status and percent, with a narrative and evidence.

    Refused with StaleVersionError when the item changed since `expected_version`, with what changed."""
    _require_active(item)
    if not can_update_status(actor, item):
        raise PermissionDenied(_("Only the lead unit or the provincial office can set the status of this item."))
    _require_agency(actor)
    status, checked_files = _status_input(status=status, percent=percent, narrative=narrative, files=files)
    with files_removed_on_failure() as written, transaction.atomic():
        locked = type(item).objects.select_for_update().get(pk=item.pk)
        if locked.version != expected_version:
            raise StaleVersionError(item=locked, expected_version=expected_version,
                                    changes=item_history(item=locked, since_version=expected_version))
        _decision_pending_or_made(locked.status, part=False)
        _status_set(locked, status=status, percent=percent, actor=actor)
        if status == ItemStatus.PENDING_VERIFICATION:
            _completion_requested(locked, unit=actor.agency, narrative=narrative,
                                  key=f"completion:{type(locked).ITEM_KIND}:{locked.pk}:{locked.version}")
        return _entry_create(item=locked, kind=EntryKind.STATUS_UPDATE, actor=actor, narrative=narrative,
                             problems=problems, next_steps=next_steps, checked_files=checked_files,
                             written=written, status=status, percent=percent)


def progress_entry_add(*, item, narrative: str, problems: str = "", next_steps: str = "", files=(),
                       actor: User) -> ProgressEntry:
    """A responsible unit adds its contribution to the item's timeline (the status stays the lead unit's)."""
    _require_active(item)
    if not can_add_progress(actor, item):
        raise PermissionDenied(_("Your unit is not responsible for this item."))
    _require_agency(actor)
    if not (narrative or "").strip():
        raise ValidationError({"narrative": _("Describe the progress (进展情况).")})
    checked_files = evidence_check_all(files)
    with files_removed_on_failure() as written, transaction.atomic():
        return _entry_create(item=item, kind=EntryKind.CONTRIBUTION, actor=actor, narrative=narrative,
                             problems=problems, next_steps=next_steps, checked_files=checked_files,
                             written=written)


# 办结审核 / 销号: the provincial office verifies a completion request, sends it back, or reopens a verified item.


def _completion_locked(subject, *, item, actor: User, expected_version: int, expected_status: str):
    """The item, or a unit's part of it (`subject`), locked for the office's decision on its completion."""
    if not can_verify_completion(actor, item):
        raise PermissionDenied(_("Only the provincial office verifies completion."))
    if isinstance(subject, UnitPart) and (subject.item_type.model_class(), subject.item_id) != (type(item), item.pk):
        raise ValidationError(_("This item has no such part."))
    locked = type(subject).objects.select_for_update().get(pk=subject.pk)
    if locked.version != expected_version:
        changes = saves_since(locked, version=expected_version) if isinstance(locked, UnitPart) else \
            item_history(item=locked, since_version=expected_version)
        raise StaleVersionError(item=locked, expected_version=expected_version, changes=changes)
    if locked.status != expected_status:
        raise ValidationError(_("The item is %(status)s now; reload the page.") % {
            "status": locked.get_status_display()})
    return locked


def _status_set(locked, *, status: str, percent: int, actor: User, at=None, **more) -> None:
    """A new status of an item or of a unit's part (with `more` of its fields, e.g. a part's narrative): a new
    version, stamped with who and when (`at`: as of when it was written, for a report's row), one record in its
    history."""
    locked.status, locked.percent = status, percent
    for field, value in more.items():
        setattr(locked, field, value)
    locked.version += 1
    locked.status_updated_at, locked.status_updated_by = at or timezone.now(), actor
    locked._history_user = actor
    locked.save(update_fields=["status", "percent", "version", "status_updated_at", "status_updated_by", *more])


def _completion_step(locked, *, item, status: str, percent: int, decision: str, note: str, actor: User,
                     request: ProgressEntry | None) -> CompletionDecision:
    _status_set(locked, status=status, percent=percent, actor=actor)
    seen = "\n".join(f"{file.original_name} sha256:{file.sha256}" for file in request.evidence.all()) if request else ""
    part = locked if isinstance(locked, UnitPart) else None
    made = CompletionDecision.objects.create(**_item_link(item), part=part, decision=decision, note=note.strip(),
                                             request=request, evidence_seen=seen, decided_by=actor)
    _completion_decided(item, made, request or _request_of(locked))
    return made


def _request_of(locked) -> ProgressEntry | None:
    return part_completion_request_entry(locked) if isinstance(locked, UnitPart) else completion_request_entry(locked)


def completion_verify(*, item, part: UnitPart | None = None, note: str = "", actor: User,
                      expected_version: int) -> CompletionDecision:
    """销号: the item (or a unit's part of it) is done. Recorded with who verified it, when, and which evidence was
    seen (name and hash of each file of the request); not by the one who asked for it."""
    with transaction.atomic():
        locked = _completion_locked(part or item, item=item, actor=actor, expected_version=expected_version,
                                    expected_status=ItemStatus.PENDING_VERIFICATION)
        request = _request_of(locked)
        if request is not None and request.author_id == actor.pk:
            raise PermissionDenied(_("A completion is verified by someone other than the one who asked for it."))
        return _completion_step(locked, item=item, status=ItemStatus.COMPLETED, percent=100,
                                decision=CompletionDecision.VERIFIED, note=note, actor=actor, request=request)


def completion_return(*, item, part: UnitPart | None = None, reason: str, actor: User,
                      expected_version: int) -> CompletionDecision:
    """The request is sent back, saying why: the item (or part) is in progress again (percent as reported, at
    most 99)."""
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Say why the completion is sent back.")})
    with transaction.atomic():
        locked = _completion_locked(part or item, item=item, actor=actor, expected_version=expected_version,
                                    expected_status=ItemStatus.PENDING_VERIFICATION)
        return _completion_step(locked, item=item, status=ItemStatus.IN_PROGRESS, percent=min(locked.percent, 99),
                                decision=CompletionDecision.RETURNED, note=reason, actor=actor,
                                request=_request_of(locked))


def completion_reopen(*, item, part: UnitPart | None = None, reason: str, actor: User,
                      expected_version: int) -> CompletionDecision:
    """A verified item (or part) is reopened by the provincial office alone, saying why."""
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Say why the item is reopened.")})
    with transaction.atomic():
        locked = _completion_locked(part or item, item=item, actor=actor, expected_version=expected_version,
                                    expected_status=ItemStatus.COMPLETED)
        return _completion_step(locked, item=item, status=ItemStatus.IN_PROGRESS, percent=min(locked.percent, 99),
                                decision=CompletionDecision.REOPENED, note=reason, actor=actor, request=None)


def completion_decide(*, decision: str, item, part: UnitPart | None = None, note: str = "", actor: User,
                      expected_version: int) -> CompletionDecision:
    """The office's decision by name, as the pages and the API send it: "verify" (the note optional), "return"
    or "reopen" (the note is the reason)."""
    if decision == "verify":
        return completion_verify(item=item, part=part, note=note, actor=actor, expected_version=expected_version)
    decide = {"return": completion_return, "reopen": completion_reopen}[decision]
    return decide(item=item, part=part, reason=note, actor=actor, expected_version=expected_version)


# Units' parts (分解): each responsible unit's own status on an item, and the office's break-out of it.


def part_locked(item, agency) -> UnitPart:
    """The unit's part of the item, created on first use, locked for a write (inside the caller's
    transaction)."""
    item_type = ContentType.objects.get_for_model(item)
    try:
        with transaction.atomic():
            UnitPart.objects.get_or_create(item_type=item_type, item_id=item.pk, agency=agency)
    except IntegrityError:  # created by a colleague a moment ago
        pass
    return UnitPart.objects.select_for_update().get(item_type=item_type, item_id=item.pk, agency=agency)


def part_deadline_extend(*, part: UnitPart, deadline: date, reason: str, actor: User) -> UnitPart:
    """An approved extension of a part (supervision.services.extension_approve): its new deadline, with the
    request and the reason in the part's history."""
    locked = UnitPart.objects.select_for_update().get(pk=part.pk)
    locked.deadline = deadline
    locked.terms_version += 1  # a form opened on the old deadline is now stale (the office's assignment form)
    locked._history_user, locked._change_reason = actor, reason[:100]
    locked.save(update_fields=["deadline", "terms_version"])
    snapshots_recompute_soon()
    return locked


def milestones_errors(milestones, *, start_year: int, deadline: date | None) -> list[str]:
    """What is wrong with yearly milestones [(year, percent)]: each year once, within the plan's horizon and not
    after the part's deadline, percents from 1 to 100 that grow year by year."""
    errors = []
    years = [year for year, _percent in milestones]
    if len(set(years)) != len(years):
        errors.append(_("Give each year one milestone."))
    last_year = deadline.year if deadline else HORIZON_END.year
    for year, percent in milestones:
        if not start_year <= year <= last_year:
            errors.append(_("The year %(year)d is outside %(first)d–%(last)d.") % {
                "year": year, "first": start_year, "last": last_year})
        if not 1 <= percent <= 100:
            errors.append(_("A milestone's percent is from 1 to 100 (%(year)d).") % {"year": year})
    ordered = sorted(milestones)
    if any(later[1] < earlier[1] for earlier, later in zip(ordered, ordered[1:], strict=False)):
        errors.append(_("A later year's milestone cannot be lower than an earlier one's."))
    return errors


def part_define(*, item, agency, title: str, deadline: date | None, milestones, actor: User,
                expected_terms_version: int | None = None) -> UnitPart:
    """分解: the office says what a unit's part is, its own deadline and its yearly milestones [(year, percent)]
    (inside the assignment's write, supervision.services.assignment_save); the part is created if the unit has
    none. `expected_terms_version` is the part's terms_version the office read, 0 if it had no part then; a form
    opened before the terms last changed (an approved extension, a colleague's terms) would write old terms back,
    so it is refused, saying who changed them. None: not checked (an API client that sends no version)."""
    if not can_verify_completion(actor, item):
        raise PermissionDenied(_("Only the provincial office breaks an item into parts."))
    milestones = sorted((int(year), int(percent)) for year, percent in milestones)
    errors = milestones_errors(milestones, start_year=PLAN_START.year, deadline=deadline)
    if errors:
        raise ValidationError({"milestones": errors})
    existing = UnitPart.objects.select_for_update().filter(
        item_type=ContentType.objects.get_for_model(item), item_id=item.pk, agency=agency).first()
    read = existing.terms_version if existing else 0
    if expected_terms_version is not None and expected_terms_version != read:
        if existing is None:
            raise ValidationError(_("This assignment is no longer there; reload the page."))
        raise StaleVersionError(item=existing, expected_version=expected_terms_version,
                                changes=saves_since(existing, version=expected_terms_version, field="terms_version"))
    part = existing or part_locked(item, agency)
    if deadline is not None and deadline != part.deadline:  # an unchanged date stands, even once past
        if deadline < timezone.localdate():
            raise ValidationError({"part_deadline": _("The date cannot be in the past.")})
        if deadline > HORIZON_END:
            raise ValidationError({"part_deadline": _("The plan's horizon ends on %(date)s.") % {
                "date": f"{HORIZON_END}"}})
    title = (title or "").strip()
    if (title, deadline, milestones) == (part.title, part.deadline, [(m.year, m.percent)
                                                                     for m in part.milestones.all()]):
        return part  # nothing new: no new version, nothing in the history
    part.title, part.deadline = title, deadline
    part.terms_version += 1
    part._history_user = actor
    part.save(update_fields=["title", "deadline", "terms_version"])
    if [(m.year, m.percent) for m in part.milestones.all()] != milestones:
        for old in part.milestones.all():
            old._history_user = actor
            old.delete()
        for year, percent in milestones:
            milestone = PartMilestone(part=part, year=year, percent=percent)
            milestone._history_user = actor
            milestone.save()
    snapshots_recompute_soon()
    return part


def part_update_status(*, item, status: str, percent: int, narrative: str, problems: str = "",
                       next_steps: str = "", files=(), actor: User, expected_version: int | None) -> ProgressEntry:
    """A responsible unit sets the status and percent of its own part, with a narrative and evidence (an entry in
    the item's timeline). "Completed" is a completion request, as for whole items. `expected_version` is the
    part's version read (None when the unit has no part yet)."""
    _require_active(item)
    if not can_update_part(actor, item):
        raise PermissionDenied(_("Only a responsible unit updates its own part of this item; the lead unit sets "
                                 "the item's status."))
    status, checked_files = _status_input(status=status, percent=percent, narrative=narrative, files=files)
    with files_removed_on_failure() as written, transaction.atomic():
        part = part_locked(item, actor.agency)
        if part.version != (expected_version or 1):
            raise StaleVersionError(item=part, expected_version=expected_version or 1,
                                    changes=saves_since(part, version=expected_version or 1))
        _decision_pending_or_made(part.status, part=True)
        return _part_status_write(part, item=item, status=status, percent=percent, narrative=narrative,
                                  problems=problems, next_steps=next_steps, checked_files=checked_files,
                                  written=written, actor=actor)


def _part_status_write(part: UnitPart, *, item, status, percent, narrative, actor, problems="", next_steps="",
                       checked_files=(), written=None, at=None) -> ProgressEntry:
    """The part's new status, its entry in the item's timeline (by the part's unit), and the office told of a
    completion request."""
    if status == ItemStatus.PENDING_VERIFICATION:
        _completion_requested(item, unit=part.agency, narrative=narrative,
                              key=f"completion:part:{part.pk}:{part.version + 1}")
    _status_set(part, status=status, percent=percent, actor=actor, at=at, narrative=narrative.strip())
    entry = ProgressEntry(kind=EntryKind.PART_UPDATE, author=actor, agency=part.agency, status=status,
                          percent=percent, narrative=narrative.strip(), problems=(problems or "").strip(),
                          next_steps=(next_steps or "").strip(), **_item_link(item))
    entry.save()
    EvidenceFile.store_all(checked_files, written=written if written is not None else [], entry=entry)
    snapshots_recompute_soon()
    return entry


def _parts_from_report(report: PrefectureReport) -> None:
    """An accepted report is the prefecture's status of each item it reports on, as of when each row was last
    written: its part takes the row's status and narrative, recorded as set by whoever submitted the report and
    stamped with the row's time, unless the part's status is newer (a later update, a later report, the office's
    decision) or it awaits or has had the office's decision on its completion. A reported completion becomes a
    request awaiting verification, like one made on the page."""
    submission = report.transitions.filter(to_status=ReportStatus.SUBMITTED).order_by("-at", "-pk").first()
    rows = list(report.items.exclude(status="").select_related(*ITEM_KINDS))
    written = dict(ReportItem.history.filter(id__in=[row.pk for row in rows]).values_list("id").annotate(
        last=Max("history_date")))
    for row in rows:
        item = row.item
        if not item.is_active:
            continue
        part = part_locked(item, report.prefecture)
        as_of = written.get(row.pk, submission.at)
        newer = part.status_updated_at is not None and part.status_updated_at >= as_of
        if newer or part.status in DECIDED_BY_THE_OFFICE:
            continue
        completed = row.status == ItemStatus.COMPLETED
        status = ItemStatus.PENDING_VERIFICATION if completed else row.status
        narrative = f"({report.period}报告){row.narrative.strip()}"
        if (status, narrative) == (part.status, part.narrative):
            continue
        _part_status_write(part, item=item, status=status, percent=100 if completed else part.percent,
                           narrative=narrative, actor=submission.actor, problems=row.problems, at=as_of)
