"""Writes of the problem list: problems collected from progress entries and submitted reports (存在问题), raised by
the office, and moved through their states (待协调 → 协调中 → 已解决, or 不予处理 with the reason)."""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Exists, F, OuterRef, Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from agencies.models import Agency, AgencyKind, User
from core.errors import StaleVersionError
from notifications.services import notify_on_commit
from problems.models import OPEN_STATES, Problem, ProblemState
from problems.permissions import can_assign_problem, can_move_problem, can_raise_problem
from reporting.models import COUNTED, EntryKind, ProgressEntry, ReportItem
from supervision.selectors import responsible_units
from supervision.services import unit_users
from tasks.selectors import saves_since

PROBLEM_TEXT_MAX = 4000


def _item_type_of(row) -> tuple[int, int]:
    """(content type id, id) of the item a progress entry or report item is about."""
    item = row.item
    return ContentType.objects.get_for_model(item).pk, item.pk


def problems_collect() -> int:
    """Every progress entry, and every item of a report submitted or accepted, that names a problem (存在问题)
    becomes a tracked problem, once: a rerun collects nothing twice. A resubmitted report's changed text updates its
    problem while open. An entry a report's acceptance wrote (the same text, the same prefecture) is the report's
    problem, not another. Returns how many were collected or updated."""
    taken_entries = Problem.objects.filter(entry__isnull=False).values("entry_id")
    taken_items = Problem.objects.filter(report_item__isnull=False).values("report_item_id")
    from_a_report = ReportItem.objects.filter(report__prefecture=OuterRef("agency"), problems=OuterRef("problems"))
    entries = (ProgressEntry.objects.exclude(problems="").exclude(pk__in=taken_entries)
               .exclude(Q(kind=EntryKind.PART_UPDATE) & Exists(from_a_report))
               .select_related("task", "key_project", "safeguard"))
    report_items = (ReportItem.objects.exclude(problems="").exclude(pk__in=taken_items)
                    .filter(report__status__in=COUNTED)
                    .select_related("report", "task", "key_project", "safeguard"))
    problems = []
    for entry in entries:
        item_type_id, item_id = _item_type_of(entry)
        problems.append(Problem(item_type_id=item_type_id, item_id=item_id, agency_id=entry.agency_id,
                                text=entry.problems.strip(), entry=entry, raised_by=entry.author,
                                raised_at=entry.created_at))
    for row in report_items:
        item_type_id, item_id = _item_type_of(row)
        problems.append(Problem(item_type_id=item_type_id, item_id=item_id, agency_id=row.report.prefecture_id,
                                text=row.problems.strip(), report_item=row, raised_at=row.report.submitted_at))
    Problem.objects.bulk_create(problems, ignore_conflicts=True)  # a concurrent run took the same ones
    changed = list(Problem.objects.filter(state__in=OPEN_STATES, report_item__report__status__in=COUNTED)
                   .exclude(report_item__problems="").exclude(text=F("report_item__problems"))
                   .select_related("report_item"))
    for problem in changed:
        problem.text = problem.report_item.problems.strip()
        problem.version += 1
        problem.save(update_fields=["text", "version"])
    return len(problems) + len(changed)


def problem_raise(*, item, agency, text: str, actor: User) -> Problem:
    """The office raises a problem about an item, as one of its responsible units' (or its own)."""
    if not can_raise_problem(actor):
        raise PermissionDenied(_("Only the provincial office raises a problem here; units raise theirs in their "
                                 "progress entries and reports."))
    text = (text or "").strip()
    errors = {}
    if not text:
        errors["text"] = _("Say what the problem is.")
    elif len(text) > PROBLEM_TEXT_MAX:
        errors["text"] = _("At most %(n)d characters.") % {"n": PROBLEM_TEXT_MAX}
    if agency.pk != actor.agency_id and agency.pk not in {unit.pk for unit, _role in responsible_units(item)}:
        errors["agency"] = _("%(unit)s is not among the units responsible for this item.") % {"unit": agency}
    if errors:
        raise ValidationError(errors)
    problem = Problem(item_type=ContentType.objects.get_for_model(item), item_id=item.pk, agency=agency, text=text,
                      raised_by=actor, raised_at=timezone.now(), owner=actor.agency)
    problem._history_user = actor
    problem.save()
    return problem


def problem_update(*, problem, actor: User, expected_version: int, state: str, note: str = "",
                   owner: Agency | None = None, helpers=None) -> Problem:
    """Move a problem to a state (不予处理 needs the reason), and, for the office, name who coordinates it and
    which units are asked to help (each newly asked unit is told). `owner`/`helpers` None: unchanged."""
    if not can_move_problem(actor, problem):
        raise PermissionDenied(_("Only the provincial office or the coordinating unit moves this problem."))
    if (owner is not None or helpers is not None) and not can_assign_problem(actor):
        raise PermissionDenied(_("Only the provincial office names who coordinates and who helps."))
    note = (note or "").strip()
    errors = {}
    if state not in ProblemState.values:
        errors["state"] = _("Choose a state.")
    elif state == ProblemState.DECLINED and not note:
        errors["note"] = _("Say why the problem is not taken up.")
    if helpers is not None and any(unit.kind == AgencyKind.COLLECTIVE for unit in helpers):
        errors["helpers"] = _("Name the units themselves, not a collective name.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        locked = Problem.objects.select_for_update().get(pk=problem.pk)
        if locked.version != expected_version:
            raise StaleVersionError(item=locked, expected_version=expected_version,
                                    changes=saves_since(locked, version=expected_version))
        before = set(locked.helpers.values_list("pk", flat=True))
        owner_before = locked.owner_id
        locked.state, locked.state_note = state, note
        if owner is not None:
            locked.owner = owner
        locked.changed_at, locked.changed_by = timezone.now(), actor
        locked.version += 1
        locked._history_user = actor
        locked.save()
        if helpers is not None:
            locked.helpers.set(helpers)
            _tell_helpers(locked, [unit for unit in helpers if unit.pk not in before])
        if locked.owner_id != owner_before and locked.owner_id != actor.agency_id:
            _tell_owner(locked)
        if state not in OPEN_STATES:
            # Whoever raised it; for one from a report, the prefecture's reporters.
            raisers = [locked.raised_by] if locked.raised_by_id else unit_users(locked.agency)
            with translation.override(settings.LANGUAGE_CODE):
                notify_on_commit([user for user in raisers if user.pk != actor.pk],
                                 key=f"problem:{locked.pk}:{locked.version}",
                                 title=_("Your problem: %(state)s") % {"state": locked.get_state_display()},
                                 body=note or locked.text[:200], url=problem_url(locked))
    return locked


def problem_url(problem) -> str:
    return reverse("problems:detail", args=[problem.pk])


def _tell_owner(problem) -> None:
    with translation.override(settings.LANGUAGE_CODE):
        notify_on_commit(unit_users(problem.owner), key=f"problem-owner:{problem.pk}:{problem.owner_id}",
                         url=problem_url(problem), body=problem.text,
                         title=_("To coordinate: %(text)s") % {"text": problem.text[:60]})


def _tell_helpers(problem, units) -> None:
    with translation.override(settings.LANGUAGE_CODE):
        for unit in units:
            notify_on_commit(unit_users(unit), key=f"problem-help:{problem.pk}:{unit.pk}", url=problem_url(problem),
                             title=_("Asked to help: %(text)s") % {"text": problem.text[:60]}, body=problem.text)
