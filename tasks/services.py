"""Writes to the plan structure: loading the plan from fixtures/plan.json."""

import json
from datetime import date
from pathlib import Path

from django.conf import settings
from django.db import transaction

from agencies.services import agencies_load, responsibilities_sync
from portal.services import LoadReport, upsert
from tasks.models import GoalArea, Plan, Principle, SourceParagraph, Task, TaskGroup

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
def plan_load(*, data: dict | None = None, actor=None) -> LoadReport:
    """Upsert the whole plan by code; running it again on the same data changes nothing.

    `actor` is who loaded it (None for the command line); history of plan data comes with the roles issue.
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
    for order, entry in enumerate(data["tasks"], start=1):
        values = plan_item_values(entry, paragraphs) | {
            "plan_id": plan.pk,
            "group_id": groups[entry["group"]].pk,
            "item_number": entry["item_number"],
            "item_title": entry["item_title"],
            "sub_number": entry["sub_number"],
            "order": order,
        }
        task = upsert(Task, {"code": entry["code"]}, values, report)
        responsibilities_sync(manager=task.responsibilities, names=entry["responsibility"]["agencies"],
                              agencies=agencies, report=report)
        tasks[entry["code"]] = task
    key_projects = key_projects_load(plan=plan, data=data, paragraphs=paragraphs, agencies=agencies, report=report)
    safeguards_load(plan=plan, data=data, paragraphs=paragraphs, agencies=agencies, report=report)
    indicators_load(plan=plan, entries=data["indicators"], paragraphs=paragraphs, goal_areas=goal_areas,
                    tasks=tasks, key_projects=key_projects, report=report)
    return report
