"""Who reads and who moves problems. Whoever sees every item (the office, departments, leadership, auditors) reads
every problem; a prefecture reads its own, those it coordinates or is asked to help with, and the provincial units'
problems on items it answers for, never another prefecture's; the administrators read none. The office raises
problems, names who coordinates and who helps, and moves any; the coordinating unit moves its own."""

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q

from agencies.models import ADMINISTRATOR_ROLES, AgencyKind
from agencies.permissions import is_coordinator, sees_every_item
from projects.models import KeyProject, Safeguard
from supervision.permissions import acts_for_unit
from tasks.models import Task


def visible_problems_q(user) -> Q:
    """The problems the user may read, as a condition for lists and lookups by id alike."""
    if not user.is_authenticated or user.has_role(*ADMINISTRATOR_ROLES):
        return Q(pk__in=[])
    if sees_every_item(user):
        return Q()
    if user.agency_id is None:
        return Q(pk__in=[])
    answered = Q(pk__in=[])
    for model, item_type in ContentType.objects.get_for_models(Task, KeyProject, Safeguard).items():
        answered |= Q(item_type=item_type, item_id__in=model.objects.for_agency(user.agency).values("pk"))
    provincial_on_its_items = ~Q(agency__kind=AgencyKind.PREFECTURE) & answered
    return (Q(agency_id=user.agency_id) | Q(owner_id=user.agency_id) | Q(helpers=user.agency_id)
            | provincial_on_its_items)


def can_raise_problem(user) -> bool:
    return is_coordinator(user)


def can_assign_problem(user) -> bool:
    """Who names the coordinating unit and the helpers."""
    return is_coordinator(user)


def can_move_problem(user, problem) -> bool:
    """The office, or the unit coordinating it (its editors or reporters)."""
    return is_coordinator(user) or (problem.owner is not None and acts_for_unit(user, problem.owner))
