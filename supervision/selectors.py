"""Reads of the supervision loop: the concrete units an item is assigned to, and the assignments each user sees."""

from dataclasses import dataclass
from datetime import datetime

from django.contrib.contenttypes.models import ContentType
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from agencies.permissions import sees_whole_plan
from supervision.models import Assignment, ExtensionRequest
from supervision.permissions import acts_for_unit
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


def _scoped(rows: QuerySet, user) -> QuerySet:
    """Every row for those who read the whole plan; a unit's own rows for those who answer for it (its reporters
    or editors); nothing for anyone else (the administrators, an account with no role)."""
    if sees_whole_plan(user):
        return rows
    if user.is_authenticated and acts_for_unit(user, user.agency):
        return rows.filter(agency_id=user.agency_id)
    return rows.none()


def assignment_list(*, user) -> QuerySet[Assignment]:
    """Assignments the user may see (_scoped), newest first."""
    return _scoped(Assignment.objects.select_related("agency", "contact", "acknowledged_by", "item_type")
                   .order_by("-assigned_at", "-pk"), user)


def extension_list(*, user, status: str | None = None) -> QuerySet[ExtensionRequest]:
    """Extension requests the user may see (_scoped), newest first; `status` narrows (the office's pending
    list)."""
    requests = (ExtensionRequest.objects.select_related("agency", "requested_by", "decided_by", "revision",
                                                         "item_type")
                .prefetch_related("item", "entry__evidence"))
    if status:
        requests = requests.filter(status=status)
    return _scoped(requests, user)


def item_extensions(item) -> QuerySet[ExtensionRequest]:
    return (ExtensionRequest.objects.filter(item_type=ContentType.objects.get_for_model(item), item_id=item.pk)
            .select_related("agency", "requested_by", "decided_by", "revision").prefetch_related("entry__evidence"))


@dataclass
class Step:
    """One recorded step of the loop on an item, ready to show: when, who, which unit, what."""

    when: datetime
    user: object
    unit: object
    what: str


def supervision_trail(item) -> list[Step]:
    """Every recorded step of the item's assignments and extension requests, oldest first (from their history):
    assigned, changed, acknowledged; asked, approved, rejected."""
    link = {"item_type": ContentType.objects.get_for_model(item), "item_id": item.pk}
    steps = []
    previous = {}
    for record in (Assignment.history.filter(**link).select_related("history_user", "agency")
                   .order_by("history_date", "history_id")):
        before = previous.get(record.id)
        if before is None:
            what = _("assigned")
        elif record.acknowledged_at and not before.acknowledged_at:
            what = _("acknowledged")
        else:
            what = _("assignment changed")
        previous[record.id] = record
        steps.append(Step(record.history_date, record.history_user, record.agency, str(what)))
    words = {"pending": _("asked for an extension"), "approved": _("extension approved"),
             "rejected": _("extension rejected")}
    for record in (ExtensionRequest.history.filter(**link).select_related("history_user", "agency")
                   .order_by("history_date", "history_id")):
        steps.append(Step(record.history_date, record.history_user, record.agency,
                          f"{words[record.status]}({record.requested_deadline:%Y-%m-%d})"))
    return sorted(steps, key=lambda step: step.when)
