"""The whole plan loaded from fixtures/plan.json: each app loads its part, bottom up, in one transaction."""

import json
from pathlib import Path

from django.conf import settings
from django.db import transaction

from agencies.services import agencies_load
from core.loading import LoadReport
from indicators.models import Indicator
from indicators.services import indicators_load
from projects.models import KeyProject
from projects.services import key_projects_load, safeguards_load
from revisions.selectors import revised_fields
from tasks.models import Task
from tasks.services import plan_structure_load

PLAN_FIXTURE = Path(settings.BASE_DIR) / "fixtures" / "plan.json"


@transaction.atomic
def plan_load(*, data: dict | None = None) -> LoadReport:
    """Upsert the whole plan by code; running it again on the same data changes nothing, and what a plan
    revision changed stays as revised.

    Every change is recorded in the history tables with no user: loading is the system's, from the command line.
    """
    if data is None:
        data = json.loads(PLAN_FIXTURE.read_text(encoding="utf-8"))
    report = LoadReport()
    agencies = agencies_load(entries=data["agencies"], report=report)
    structure = plan_structure_load(data=data, agencies=agencies, revised=revised_fields(Task), report=report)
    plan, paragraphs = structure["plan"], structure["paragraphs"]
    key_projects = key_projects_load(plan=plan, data=data, paragraphs=paragraphs, agencies=agencies,
                                     revised=revised_fields(KeyProject), report=report)
    safeguards_load(plan=plan, data=data, paragraphs=paragraphs, agencies=agencies, report=report)
    indicators_load(plan=plan, entries=data["indicators"], paragraphs=paragraphs,
                    goal_areas=structure["goal_areas"], tasks=structure["tasks"], key_projects=key_projects,
                    revised=revised_fields(Indicator), report=report)
    return report
