"""Reads of key projects and safeguard measures."""

from django.db.models import QuerySet

from projects.filters import KeyProjectFilter
from projects.models import KeyProject, KeyProjectResponsibility, Safeguard, SafeguardResponsibility
from tasks.permissions import visible_items
from tasks.selectors import designations_prefetch, responsibilities_prefetch, revisions_prefetch


def key_project_list() -> QuerySet[KeyProject]:
    return (
        KeyProject.objects.select_related("group")
        .prefetch_related(
            responsibilities_prefetch(KeyProjectResponsibility),
            designations_prefetch(),
            revisions_prefetch(KeyProject),
            "indicators",  # in code order, the targets' own ordering
        )
        .order_by("number")
    )


def key_project_filterset(*, filters, request) -> KeyProjectFilter:
    return KeyProjectFilter(filters, queryset=visible_items(request.user, key_project_list()), request=request)


def key_project_detail(*, number: int, user) -> KeyProject:
    """One key project the user may see; DoesNotExist also when the user may not see it."""
    return (
        visible_items(user, KeyProject.objects.all())
        .select_related("group", "paragraph", "status_updated_by")
        .prefetch_related(
            responsibilities_prefetch(KeyProjectResponsibility),
            designations_prefetch(),
            revisions_prefetch(KeyProject),
            "indicators__mentions__paragraph",
        )
        .get(number=number)
    )


def safeguard_list(*, user) -> QuerySet[Safeguard]:
    """The safeguard measures the user may see (a prefecture sees them: 各州、市人民政府 answer for each)."""
    return visible_items(user, Safeguard.objects.prefetch_related(
        responsibilities_prefetch(SafeguardResponsibility), designations_prefetch()).order_by("number"))


def safeguard_detail(*, number: int, user) -> Safeguard:
    """One safeguard measure the user may see; DoesNotExist also when the user may not see it."""
    return (
        visible_items(user, Safeguard.objects.all())
        .select_related("paragraph", "status_updated_by")
        .prefetch_related(responsibilities_prefetch(SafeguardResponsibility), designations_prefetch())
        .get(number=number)
    )
