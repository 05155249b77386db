"""Reads of the supervision loop: the concrete units an item is assigned to, and the assignments each user sees."""

from django.contrib.contenttypes.models import ContentType
from django.db.models import QuerySet

from agencies.permissions import sees_whole_plan
from supervision.models import Assignment, ExtensionRequest
from tasks.permissions import OPEN_PROVINCIAL_COLLECTIVE


def responsible_units(item) -> list[tuple[object, str]]:
    """(unit, role) for each unit that answers for the item, lead first: the plan's named units, each prefecture
    behind 各州、市人民政府, and the departments named to act for 省级有关部门 (an open list with no members).
    Reads the item's prefetched responsibilities and designations."""
    units = {}
    for responsibility in item.ordered_responsibilities():
        named = responsibility.agency
        members = list(named.members.all())
        if members:
            for member in sorted(members, key=lambda agency: (agency.order, agency.name)):
                units.setdefault(member.pk, (member, responsibility.role))
        elif named.name != OPEN_PROVINCIAL_COLLECTIVE:
            units.setdefault(named.pk, (named, responsibility.role))
    for designation in item.designated():
        units.setdefault(designation.agency_id, (designation.agency, designation.role))
    return sorted(units.values(), key=lambda pair: pair[1] != "lead")


def item_assignments(item) -> QuerySet[Assignment]:
    return (Assignment.objects.filter(item_type=ContentType.objects.get_for_model(item), item_id=item.pk)
            .select_related("agency", "contact", "acknowledged_by", "assigned_by").order_by("agency__order", "pk"))


def assignment_list(*, user) -> QuerySet[Assignment]:
    """Assignments the user may see: every one for those who read the whole plan, else their own unit's."""
    assignments = Assignment.objects.select_related("agency", "contact", "acknowledged_by", "item_type")
    if sees_whole_plan(user):
        return assignments.order_by("-assigned_at", "-pk")
    if user.is_authenticated and user.agency_id:
        return assignments.filter(agency_id=user.agency_id).order_by("-assigned_at", "-pk")
    return assignments.none()


def extension_list(*, user, status: str | None = None) -> QuerySet[ExtensionRequest]:
    """Extension requests the user may see, newest first: every one for those who read the whole plan, else
    their own unit's; `status` narrows (the office's pending list)."""
    requests = (ExtensionRequest.objects.select_related("agency", "requested_by", "decided_by", "revision",
                                                         "item_type")
                .prefetch_related("item", "entry__evidence"))
    if status:
        requests = requests.filter(status=status)
    if sees_whole_plan(user):
        return requests
    if user.is_authenticated and user.agency_id:
        return requests.filter(agency_id=user.agency_id)
    return requests.none()


def item_extensions(item) -> QuerySet[ExtensionRequest]:
    return (ExtensionRequest.objects.filter(item_type=ContentType.objects.get_for_model(item), item_id=item.pk)
            .select_related("agency", "requested_by", "decided_by", "revision").prefetch_related("entry__evidence"))
