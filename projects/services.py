"""Writes to key projects and safeguard measures."""

from agencies.services import responsibilities_sync
from core.loading import LoadReport, upsert
from projects.models import KeyProject, KeyProjectGroup, Safeguard
from tasks.services import plan_item_values


def key_projects_load(*, plan, data: dict, paragraphs: dict, agencies: dict, revised: dict[int, set[str]],
                      report: LoadReport) -> dict:
    """Upsert the key-project groups and the 17 key projects by number, with their responsibilities; fields a
    plan revision changed (`revised`, by key project id) stay as revised."""
    groups = {
        entry["number"]: upsert(
            KeyProjectGroup, {"plan": plan, "number": entry["number"]},
            {"title": entry["title"], "paragraph_id": paragraphs[entry["paragraph"]].pk}, report,
        )
        for entry in data["key_project_groups"]
    }
    projects = {}
    for entry in data["key_projects"]:
        values = plan_item_values(entry, paragraphs) | {"group_id": groups[entry["group"]].pk}
        project = upsert(KeyProject, {"plan": plan, "number": entry["number"]}, values, report, keep=revised)
        responsibilities_sync(manager=project.responsibilities, names=entry["responsibility"]["agencies"],
                              agencies=agencies, report=report)
        projects[entry["number"]] = project
    return projects


def safeguards_load(*, plan, data: dict, paragraphs: dict, agencies: dict, report: LoadReport) -> None:
    for entry in data["safeguards"]:
        safeguard = upsert(Safeguard, {"plan": plan, "number": entry["number"]},
                           plan_item_values(entry, paragraphs), report)
        responsibilities_sync(manager=safeguard.responsibilities, names=entry["responsibility"]["agencies"],
                              agencies=agencies, report=report)
