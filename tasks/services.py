"""Writes to the plan structure: loading the plan from fixtures/plan.json."""

import json
from datetime import date
from pathlib import Path

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from agencies.services import agencies_load, responsibilities_sync
from portal.jobs import progress_recompute_soon
from portal.services import LoadReport, upsert
from tasks.evidence import evidence_check_all
from tasks.models import (
    EntryKind,
    EvidenceFile,
    GoalArea,
    ItemStatus,
    Plan,
    Principle,
    ProgressEntry,
    SourceParagraph,
    Task,
    TaskGroup,
)
from tasks.revisions.selectors import revised_fields

PLAN_FIXTURE = Path(settings.BASE_DIR) / "fixtures" / "plan.json"


def plan_item_values(entry: dict, paragraphs: dict[int, SourceParagraph]) -> dict:
    """Fields every responsibility-bearing item (task, key project, safeguard) takes from its fixture entry."""
    resp = entry["responsibility"]
    return {
        "title": entry["title"],
        "text": entry["text"],
        "paragraph_id": paragraphs[entry["paragraph"]].pk,
        "deadline_text": resp["deadline_text"],
        "deadline": date.fromisoformat(resp["deadline"]) if resp["deadline"] else None,
        "responsibility_text": resp["text"],
        "responsibility_open_ended": resp["open_ended"],
    }


@transaction.atomic
def plan_load(*, data: dict | None = None) -> LoadReport:
    """Upsert the whole plan by code; running it again on the same data changes nothing.

    Every change is recorded in the history tables with no user: loading is the system's, from the command line.
    """
    from indicators.services import indicators_load
    from projects.services import key_projects_load, safeguards_load

    if data is None:
        data = json.loads(PLAN_FIXTURE.read_text(encoding="utf-8"))
    report = LoadReport()
    agencies = agencies_load(entries=data["agencies"], report=report)
    meta = {k: v for k, v in data["plan"].items() if k not in ("code", "goals_paragraph")}
    plan = upsert(Plan, {"code": data["plan"]["code"]}, meta, report)
    paragraphs = {
        p["number"]: upsert(SourceParagraph, {"plan": plan, "number": p["number"]}, {"text": p["text"]}, report)
        for p in data["paragraphs"]
    }
    for entry in data["principles"]:
        upsert(Principle, {"plan": plan, "number": entry["number"]},
               {"title": entry["title"], "text": entry["text"], "paragraph_id": paragraphs[entry["paragraph"]].pk},
               report)
    goal_areas = {
        entry["number"]: upsert(
            GoalArea, {"plan": plan, "number": entry["number"]},
            {"title": entry["title"], "text": entry["text"], "paragraph_id": paragraphs[entry["paragraph"]].pk},
            report,
        )
        for entry in data["goal_areas"]
    }
    groups = {
        entry["number"]: upsert(
            TaskGroup, {"plan": plan, "number": entry["number"]},
            {"title": entry["title"], "paragraph_id": paragraphs[entry["paragraph"]].pk}, report,
        )
        for entry in data["task_groups"]
    }
    tasks = {}
    revised = revised_fields(Task)
    for order, entry in enumerate(data["tasks"], start=1):
        values = plan_item_values(entry, paragraphs) | {
            "plan_id": plan.pk,
            "group_id": groups[entry["group"]].pk,
            "item_number": entry["item_number"],
            "item_title": entry["item_title"],
            "sub_number": entry["sub_number"],
            "order": order,
        }
        task = upsert(Task, {"code": entry["code"]}, values, report, keep=revised)
        responsibilities_sync(manager=task.responsibilities, names=entry["responsibility"]["agencies"],
                              agencies=agencies, report=report)
        tasks[entry["code"]] = task
    key_projects = key_projects_load(plan=plan, data=data, paragraphs=paragraphs, agencies=agencies, report=report)
    safeguards_load(plan=plan, data=data, paragraphs=paragraphs, agencies=agencies, report=report)
    indicators_load(plan=plan, entries=data["indicators"], paragraphs=paragraphs, goal_areas=goal_areas,
                    tasks=tasks, key_projects=key_projects, report=report)
    return report


class StaleVersionError(Exception):
    """A status update made on an older version of the item: someone else saved in between."""

    def __init__(self, *, item, expected_version: int, changes: list):
        super().__init__(f"{item} is at version {item.version}, not {expected_version}")
        self.item = item
        self.expected_version = expected_version
        self.changes = changes


def _item_link(item) -> dict:
    from projects.models import KeyProject

    return {"key_project": item} if isinstance(item, KeyProject) else {"task": item}


def _require_active(item) -> None:
    if not item.is_active:
        raise ValidationError(_("This item no longer counts in the plan (%(scope)s); it takes no more updates.")
                              % {"scope": item.get_scope_display()})


def _status_errors(*, status: str, percent, narrative: str) -> dict:
    errors = {}
    if status not in ItemStatus.values:
        errors["status"] = _("Choose one of the statuses offered.")
    if not isinstance(percent, int) or isinstance(percent, bool) or not 0 <= percent <= 100:
        errors["percent"] = _("Percent complete is a whole number from 0 to 100.")
    elif status == ItemStatus.COMPLETED and percent != 100:
        # xgettext:no-python-format
        errors["percent"] = _("A completed item is 100% complete.")
    if not (narrative or "").strip():
        errors["narrative"] = _("Describe the progress (进展情况).")
    return errors


def _entry_create(*, item, kind, actor, narrative, problems, next_steps, checked_files, status="", percent=None):
    """Write a progress entry and its evidence; if anything fails, the files written so far are removed."""
    entry = ProgressEntry(kind=kind, author=actor, agency=actor.agency, status=status, percent=percent,
                          narrative=narrative.strip(), problems=(problems or "").strip(),
                          next_steps=(next_steps or "").strip(), **_item_link(item))
    entry.full_clean()
    entry.save()
    written = []
    try:
        for checked in checked_files:
            evidence = EvidenceFile(entry=entry, stored_name=checked.stored_name, original_name=checked.original_name,
                                    content_type=checked.content_type, size=checked.size, sha256=checked.sha256)
            evidence.file.save(checked.stored_name, checked.upload, save=False)
            written.append(evidence.file.name)
            evidence.save()
    except BaseException:
        for name in written:
            default_storage.delete(name)
        raise
    progress_recompute_soon()
    return entry


def item_update_status(*, item, status: str, percent: int, narrative: str, problems: str = "",
                       next_steps: str = "", files=(), actor, expected_version: int) -> ProgressEntry:
    """The lead unit (or the provincial office) sets status and percent, with a narrative and evidence.

    Refused with StaleVersionError when the item changed since `expected_version`, with what changed."""
    from tasks.permissions import can_update_status
    from tasks.selectors import item_history

    _require_active(item)
    if not can_update_status(actor, item):
        raise PermissionDenied(_("Only the lead unit or the provincial office can set the status of this item."))
    errors = _status_errors(status=status, percent=percent, narrative=narrative)
    if errors:
        raise ValidationError(errors)
    checked_files = evidence_check_all(files)
    with transaction.atomic():
        locked = type(item).objects.select_for_update().get(pk=item.pk)
        if locked.version != expected_version:
            raise StaleVersionError(item=locked, expected_version=expected_version,
                                    changes=item_history(locked, since_version=expected_version))
        locked.status, locked.percent = status, percent
        locked.version += 1
        locked.status_updated_at, locked.status_updated_by = timezone.now(), actor
        locked._history_user = actor
        locked.full_clean(validate_unique=False, validate_constraints=False)
        locked.save(update_fields=["status", "percent", "version", "status_updated_at", "status_updated_by"])
        return _entry_create(item=locked, kind=EntryKind.STATUS_UPDATE, actor=actor, narrative=narrative,
                             problems=problems, next_steps=next_steps, checked_files=checked_files,
                             status=status, percent=percent)


def progress_entry_add(*, item, narrative: str, problems: str = "", next_steps: str = "", files=(),
                       actor) -> ProgressEntry:
    """A responsible unit adds its contribution to the item's timeline (the status stays the lead unit's)."""
    from tasks.permissions import can_add_progress

    _require_active(item)
    if not can_add_progress(actor, item):
        raise PermissionDenied(_("Your unit is not responsible for this item."))
    if not (narrative or "").strip():
        raise ValidationError({"narrative": _("Describe the progress (进展情况).")})
    checked_files = evidence_check_all(files)
    with transaction.atomic():
        return _entry_create(item=item, kind=EntryKind.CONTRIBUTION, actor=actor, narrative=narrative,
                             problems=problems, next_steps=next_steps, checked_files=checked_files)
