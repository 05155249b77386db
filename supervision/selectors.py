"""Reads of the supervision loop: the concrete units an item is assigned to, and the assignments each user sees."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

from django.contrib.contenttypes.models import ContentType
from django.contrib.contenttypes.prefetch import GenericPrefetch
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from agencies.models import Agency
from agencies.permissions import sees_whole_plan
from projects.models import KeyProject, Safeguard
from reporting.models import CompletionDecision, UnitPart
from snapshots.models import SubjectKind
from snapshots.selectors import lights_of
from supervision.models import Assignment, ExtensionRequest
from supervision.permissions import acts_for_unit, unit_rows_q
from tasks.models import DesignatedUnit, Task
from tasks.permissions import OPEN_PROVINCIAL_COLLECTIVE
from tasks.selectors import designations_prefetch, responsibilities_prefetch


def responsible_units(item) -> list[tuple[object, str]]:
    """(unit, role) for each unit that answers for the item, lead first: the plan's named units, each prefecture
    behind 各州、市人民政府, and the departments named to act for 省级有关部门 (an open list with no members).
    Reads the item's prefetched responsibilities and designations."""
    return _units_in_order([(r.agency, r.role) for r in item.ordered_responsibilities()],
                           [(d.agency, d.role) for d in item.designated()], lambda named: list(named.members.all()))


def responsible_units_of(*models) -> dict[tuple[str, int], list[tuple[Agency, str]]]:
    """responsible_units of every item of these kinds, by (kind, id) (none for an item no unit answers for), in
    two queries and two more a kind, with one object per unit: for reads over the whole plan (the annual scores), where
    prefetching each item's responsibilities, their units' members and its designations built a queryset and a
    manager per row and took longer than everything else."""
    agencies = Agency.objects.in_bulk()
    members = defaultdict(list)
    for collective_id, member_id in Agency.members.through.objects.values_list("from_agency_id", "to_agency_id"):
        members[collective_id].append(agencies[member_id])
    named, designated = defaultdict(list), defaultdict(list)
    for model in models:
        responsibilities = model._meta.get_field("responsibilities")
        link = responsibilities.field.attname
        for item_id, agency_id, role in (responsibilities.related_model.objects.order_by(link, "position")
                                         .values_list(link, "agency_id", "role")):
            named[(model.ITEM_KIND, item_id)].append((agencies[agency_id], role))
        for item_id, agency_id, role in (DesignatedUnit.objects.filter(item_type=ContentType.objects.get_for_model(
                model)).order_by(*DesignatedUnit._meta.ordering).values_list("item_id", "agency_id", "role")):
            designated[(model.ITEM_KIND, item_id)].append((agencies[agency_id], role))
    return {key: _units_in_order(named.get(key, []), designated.get(key, []), lambda agency: members.get(agency.pk, []))
            for key in named.keys() | designated.keys()}


def _units_in_order(named, designated, members_of) -> list[tuple[object, str]]:
    """The rule of responsible_units over what it reads: (unit, role) as the plan names them, in plan order, and as
    designated, lead first; `members_of(unit)` the members of a collective (none for any other unit)."""
    units = {}
    for agency, role in named:
        members = members_of(agency)
        if members:
            for member in sorted(members, key=lambda member: (member.order, member.name)):
                units.setdefault(member.pk, (member, role))
        elif agency.name != OPEN_PROVINCIAL_COLLECTIVE:
            units.setdefault(agency.pk, (agency, role))
    for agency, role in designated:
        units.setdefault(agency.pk, (agency, role))
    return sorted(units.values(), key=lambda pair: pair[1] != "lead")


def attach_parts_breakdown(items, *, user) -> list:
    """Set `.parts_breakdown` on each item of a list or page: how many of its units' parts (those the user sees,
    sees_unit_row) are red, yellow, green or grey today, and how many in all; in two queries."""
    items = list(items)
    types = ContentType.objects.get_for_models(*{type(item) for item in items}) if items else {}
    condition = Q(pk__in=[])
    for model, item_type in types.items():
        condition |= Q(item_type=item_type, item_id__in=[item.pk for item in items if type(item) is model])
    parts = list(UnitPart.objects.filter(condition).filter(unit_rows_q(user)).values("pk", "item_type_id", "item_id"))
    lights = lights_of(kind=SubjectKind.UNIT_PART, ids=[part["pk"] for part in parts]) if parts else {}
    tallies = defaultdict(lambda: {"red": 0, "yellow": 0, "green": 0, "grey": 0, "total": 0})
    for part in parts:
        tally = tallies[(part["item_type_id"], part["item_id"])]
        tally["total"] += 1
        light = lights.get(part["pk"])
        tally[light.light if light else "grey"] += 1
    for item in items:
        item.parts_breakdown = tallies.get((types[type(item)].pk, item.pk))
    return items


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


def assignments_awaiting_acknowledgement(*, agency_id: int | None = None) -> list[Assignment]:
    """Assignments not acknowledged yet, of items still in the plan, by units still responsible for them (a
    withdrawn designation ends one), of all units or one; in a fixed number of queries, each item read with its
    responsibilities."""
    items = GenericPrefetch("item", [model.objects.prefetch_related(
        responsibilities_prefetch(model._meta.get_field("responsibilities").related_model), designations_prefetch())
        for model in (Task, KeyProject, Safeguard)])
    waiting = Assignment.objects.filter(acknowledged_at__isnull=True, **({"agency_id": agency_id} if agency_id else {}))
    waiting = waiting.select_related("agency").prefetch_related(items)
    return [a for a in waiting if a.item is not None and a.item.is_active
            and a.agency_id in {unit.pk for unit, _role in responsible_units(a.item)}]


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
    """Every recorded step of the item's assignments, extension requests and the office's decisions on its units'
    parts, oldest first: assigned, changed, acknowledged; asked, approved, rejected; verified, sent back,
    reopened."""
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
    for decision in (CompletionDecision.objects.filter(part__item_type=link["item_type"], part__item_id=item.pk)
                     .select_related("decided_by", "part__agency")):
        note = f":{decision.note}" if decision.note else ""
        steps.append(Step(decision.decided_at, decision.decided_by, decision.part.agency,
                          f"{decision.get_decision_display()}{note}"))
    return sorted(steps, key=lambda step: step.when)
