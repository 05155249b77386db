"""Reads of agencies."""

from django.db.models import Count, Q, QuerySet

from agencies.models import Agency


def agency_list() -> QuerySet[Agency]:
    """Agencies in plan order with how many tasks and key projects name them directly (or name them, through a
    coordinator, to act for 省级有关部门)."""
    return (
        Agency.objects.prefetch_related("members")
        .annotate(  # items the plan no longer counts (not applicable, merged) are left out
            task_count=Count("taskresponsibility", distinct=True,
                             filter=Q(taskresponsibility__task__scope="active"))
            + Count("designations", distinct=True, filter=Q(designations__item_type__model="task")),
            key_project_count=Count("keyprojectresponsibility", distinct=True,
                                    filter=Q(keyprojectresponsibility__key_project__scope="active"))
            + Count("designations", distinct=True, filter=Q(designations__item_type__model="keyproject")),
        )
        .order_by("order")
    )
