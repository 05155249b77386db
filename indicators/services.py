"""Writes to indicators."""

from decimal import Decimal

from indicators.models import Indicator
from portal.services import LoadReport, sync_children, upsert


def indicators_load(*, plan, entries, paragraphs, goal_areas, tasks, key_projects, report: LoadReport) -> None:
    """Upsert every target by code, with each place the plan states it."""
    for entry in entries:
        values = {
            "plan_id": plan.pk,
            "name": entry["name"],
            "target_value": Decimal(entry["target_value"]),
            "unit": entry["unit"],
            "comparator": entry["comparator"],
            "kind": entry["kind"],
            "target_year": entry["target_year"],
            "goal_area_id": goal_areas[entry["goal_area"]].pk if entry["goal_area"] else None,
            "task_id": tasks[entry["task"]].pk if entry["task"] else None,
            "key_project_id": key_projects[entry["key_project"]].pk if entry["key_project"] else None,
            "paragraph_id": paragraphs[entry["paragraph"]].pk,
        }
        indicator = upsert(Indicator, {"code": entry["code"]}, values, report)
        mentions = [
            {"position": position, "phrase": m["phrase"], "paragraph_id": paragraphs[m["paragraph"]].pk}
            for position, m in enumerate(entry["mentions"], start=1)
        ]
        sync_children(indicator.mentions, mentions, ("position", "phrase", "paragraph_id"), report)
