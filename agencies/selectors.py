"""Reads of agencies."""

from django.db.models import Count, QuerySet

from agencies.models import Agency


def agency_list() -> QuerySet[Agency]:
    """Agencies in plan order with how many tasks and key projects name them directly."""
    return (
        Agency.objects.prefetch_related("members")
        .annotate(
            task_count=Count("taskresponsibility", distinct=True),
            key_project_count=Count("keyprojectresponsibility", distinct=True),
        )
        .order_by("order")
    )
