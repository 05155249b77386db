"""Reads of plan revisions: the scoped, filterable list of plan changes, and what was in force on a past day."""

from datetime import date

from django.db.models import Q, QuerySet

from projects.models import KeyProject
from revisions.models import PlanRevision
from tasks.models import Task
from tasks.permissions import visible_items

SUBJECT_LINKS = ("task", "key_project", "indicator")


def values_in_force(day: date) -> dict[tuple[str, int], dict[str, str]]:
    """{(subject kind, id): {field: value as text}} for every value a later revision replaced, as it stood on
    `day`. Judging a past day needs it; judging today finds nothing (revisions take effect when recorded)."""
    in_force: dict[tuple[str, int], dict[str, str]] = {}
    later = PlanRevision.objects.filter(effective_from__gt=day).order_by("effective_from", "created_at", "pk")
    for row in later.values("task_id", "key_project_id", "indicator_id", "field", "old_value"):
        link = next(name for name in SUBJECT_LINKS if row[f"{name}_id"])
        # The earliest revision after the day replaced the value that was in force on it.
        in_force.setdefault((link, row[f"{link}_id"]), {}).setdefault(row["field"], row["old_value"])
    return in_force


def revision_list(*, user) -> QuerySet[PlanRevision]:
    """Every revision of something the user may see: all targets, and the tasks and key projects in scope."""
    visible = (Q(indicator__isnull=False)
               | Q(task__in=visible_items(user, Task.objects.all()).values("pk"))
               | Q(key_project__in=visible_items(user, KeyProject.objects.all()).values("pk")))
    return (PlanRevision.objects.filter(visible)
            .select_related("task", "key_project", "indicator", "merged_into", "actor")
            .order_by("-effective_from", "-created_at", "-pk"))


def revised_fields(model) -> dict[int, set[str]]:
    """{subject id: fields a revision changed}: the plan loader leaves these as revised."""
    link = {"Task": "task_id", "KeyProject": "key_project_id", "Indicator": "indicator_id"}[model.__name__]
    revised: dict[int, set[str]] = {}
    for subject_id, field in PlanRevision.objects.filter(**{f"{link}__isnull": False}).values_list(link, "field"):
        revised.setdefault(subject_id, set()).add(field)
    return revised
