"""Reads of plan revisions: an item's revisions and what it was before them, the scoped, filterable list of plan
changes, and what was in force on a past day."""

from datetime import date
from decimal import Decimal

from django.db.models import Q, QuerySet

from projects.models import KeyProject
from revisions.models import PlanRevision, RevisionField
from tasks.models import Task
from tasks.permissions import visible_items

SUBJECT_LINKS = ("task", "key_project", "indicator")


def revisions_in_order(subject, *, field: str | None = None) -> list[PlanRevision]:
    """A task's, key project's or target's plan revisions, oldest first, optionally of one field; reads the
    prefetch cache when a selector filled it (subject.revisions is the reverse relation of PlanRevision). A
    safeguard measure, which has no deadline or target, is never revised."""
    if not hasattr(subject, "revisions"):
        return []
    revisions = sorted(subject.revisions.all(), key=lambda r: (r.effective_from, r.created_at, r.pk))
    return [r for r in revisions if field is None or r.field == field]


def deadline_revision(item) -> PlanRevision | None:
    """The latest deadline revision of a task or key project: pages show "original → revised (reason, date)"."""
    revisions = revisions_in_order(item, field=RevisionField.DEADLINE)
    return revisions[-1] if revisions else None


def original_deadline(item) -> date | None:
    """The deadline the plan adopted, before any revision."""
    revisions = revisions_in_order(item, field=RevisionField.DEADLINE)
    return revisions[0].old_date if revisions else item.deadline


def original_target(indicator) -> tuple[Decimal, int]:
    """(value, year) of a target as the plan adopted them, before any revision."""
    value, year = indicator.target_value, indicator.target_year
    for revision in reversed(revisions_in_order(indicator)):
        if revision.field == RevisionField.TARGET_VALUE:
            value = Decimal(revision.old_value)
        elif revision.field == RevisionField.TARGET_YEAR:
            year = int(revision.old_value)
    return value, year


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
