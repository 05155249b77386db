"""Writes to the plan structure: the tasks' part of loading the plan (plan_loader/ runs the whole load), and who
acts for 省级有关部门 on an item."""

from datetime import date

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from agencies.models import Agency, ResponsibilityRole
from agencies.services import responsibilities_sync
from core.loading import LoadReport, upsert
from tasks.models import DesignatedUnit, GoalArea, Plan, Principle, SourceParagraph, Task, TaskGroup
from tasks.permissions import OPEN_PROVINCIAL_COLLECTIVE, PROVINCIAL_KINDS, can_designate


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


def plan_structure_load(*, data: dict, agencies: dict[str, Agency], revised: dict[int, set[str]],
                        report: LoadReport) -> dict:
    """Upsert the plan, its paragraphs, principles, goal areas, task groups and tasks (with responsibilities).
    `revised` ({task id: fields}) names what plan revisions changed: those stay as revised. Returns what the
    loaders of the apps above link to: {"plan", "paragraphs", "goal_areas", "tasks"}."""
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
    return {"plan": plan, "paragraphs": paragraphs, "goal_areas": goal_areas, "tasks": tasks}


# Who acts for 省级有关部门 on an item.


def designation_add(*, item, agency: Agency, role: str, reason: str, actor) -> DesignatedUnit:
    """A coordinator names a provincial department to act on the item for 省级有关部门, as its lead or as a
    participant, with the reason (kept in the history). The plan's wording is not changed."""
    if not can_designate(actor, item):
        raise PermissionDenied(_("Only the provincial office names who acts for 省级有关部门, on an item the plan "
                                 "gives to 省级有关部门."))
    errors = {}
    if agency.kind not in PROVINCIAL_KINDS:
        errors["agency"] = _("Choose a provincial department.")
    elif any(r.agency_id == agency.pk for r in item.ordered_responsibilities()):
        errors["agency"] = _("%(name)s is already named in the plan for this item.") % {"name": agency}
    if role not in ResponsibilityRole.values:
        errors["role"] = _("Choose lead or participating unit.")
    elif role == ResponsibilityRole.LEAD and not any(
            r.role == ResponsibilityRole.LEAD and r.agency.name == OPEN_PROVINCIAL_COLLECTIVE
            for r in item.ordered_responsibilities()):
        errors["role"] = _("The plan names its own lead unit for this item; a department can only join it.")
    if not (reason or "").strip():
        errors["reason"] = _("Say why this department acts for 省级有关部门 (a decision, a division of duties).")
    if errors:
        raise ValidationError(errors)
    designation = DesignatedUnit(item_type=ContentType.objects.get_for_model(item), item_id=item.pk, agency=agency,
                                 role=role, reason=reason.strip(), designated_by=actor)
    designation._history_user = actor
    try:
        with transaction.atomic():
            designation.save()
    except IntegrityError as exc:  # named already (perhaps by a colleague a moment ago)
        raise ValidationError({"agency": _("%(name)s is already named for this item.") % {"name": agency}}) from exc
    return designation


def designation_remove(*, designation: DesignatedUnit, reason: str, actor) -> None:
    """A coordinator withdraws a department named for 省级有关部门, saying why; the history keeps both."""
    if not can_designate(actor, designation.item):
        raise PermissionDenied(_("Only the provincial office names who acts for 省级有关部门."))
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Say why the department no longer acts for 省级有关部门.")})
    with transaction.atomic():
        designation.withdrawn_reason = reason.strip()
        designation._history_user = actor
        designation.save(update_fields=["withdrawn_reason"])
        designation.delete()
