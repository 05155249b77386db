"""Writes to the plan structure: the tasks' part of loading the plan (plan_loader/ runs the whole load)."""

from datetime import date

from agencies.models import Agency
from agencies.services import responsibilities_sync
from core.loading import LoadReport, upsert
from tasks.models import GoalArea, Plan, Principle, SourceParagraph, Task, TaskGroup


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
