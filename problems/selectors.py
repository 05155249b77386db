"""Reads of the problem list: what a user may read, filtered by unit, item and state; the dashboard's count."""

from django.db.models import Count, Min, QuerySet

from problems.models import OPEN_STATES, Problem
from problems.permissions import visible_problems_q


def problem_list(*, user, state: str | None = None, agency_id: int | None = None,
                 item_type_id: int | None = None, item_id: int | None = None) -> QuerySet[Problem]:
    problems = (Problem.objects.filter(pk__in=Problem.objects.filter(visible_problems_q(user)).values("pk"))
                .select_related("agency", "owner", "item_type").prefetch_related("helpers", "item"))
    if state == "open":
        problems = problems.filter(state__in=OPEN_STATES)
    elif state:
        problems = problems.filter(state=state)
    if agency_id:
        problems = problems.filter(agency_id=agency_id)
    if item_type_id and item_id:
        problems = problems.filter(item_type_id=item_type_id, item_id=item_id)
    return problems


def problem_detail(*, user, pk: int) -> Problem:
    """Problem.DoesNotExist for one the user may not read."""
    return problem_list(user=user).select_related("raised_by", "changed_by", "entry", "report_item__report").get(
        pk=pk)


def open_problems_summary(agency=None) -> dict:
    """How many problems are open (of one unit, or all), and since when the oldest."""
    problems = Problem.objects.filter(state__in=OPEN_STATES)
    if agency is not None:
        problems = problems.filter(agency=agency)
    return problems.aggregate(count=Count("pk"), oldest=Min("raised_at"))
