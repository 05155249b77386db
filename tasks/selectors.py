"""Reads of the plan structure for pages and the API."""

from django.db.models import Count, Prefetch, QuerySet

from indicators.models import Indicator
from tasks.filters import TaskFilter
from tasks.models import GoalArea, Plan, Task, TaskGroup, TaskResponsibility


def responsibilities_prefetch(model) -> Prefetch:
    """The responsibility list of any plan item, in plan order, with its agencies, in one query."""
    return Prefetch("responsibilities", queryset=model.objects.select_related("agency").order_by("position"))


def plan_current() -> Plan:
    return Plan.objects.get()


def plan_overview() -> dict:
    """The plan's front page: goals and their targets, principles, and the task groups with their sizes."""
    plan = plan_current()
    goal_areas = GoalArea.objects.filter(plan=plan).prefetch_related(
        Prefetch("indicators", queryset=Indicator.objects.prefetch_related("mentions__paragraph").order_by("code"))
    )
    return {
        "plan": plan,
        "goal_areas": goal_areas,
        "principles": plan.principles.all(),
        "task_groups": task_group_list(),
    }


def task_group_list() -> QuerySet[TaskGroup]:
    return TaskGroup.objects.annotate(task_count=Count("tasks")).order_by("number")


def task_list() -> QuerySet[Task]:
    """Tasks in plan order with everything a list row shows, in a fixed number of queries."""
    return (
        Task.objects.select_related("group")
        .prefetch_related(
            responsibilities_prefetch(TaskResponsibility),
            Prefetch("indicators", queryset=Indicator.objects.order_by("code")),
        )
        .order_by("order")
    )


def task_filterset(filters) -> TaskFilter:
    """The task list narrowed by the filters of a page or API request; invalid values are reported by its form."""
    return TaskFilter(filters, queryset=task_list())


def task_detail(*, code: str) -> Task:
    return (
        Task.objects.select_related("group", "paragraph")
        .prefetch_related(
            responsibilities_prefetch(TaskResponsibility),
            Prefetch("indicators", queryset=Indicator.objects.prefetch_related("mentions__paragraph")),
        )
        .get(code=code)
    )
