"""Who assigns and who acknowledges (交办 / 签收), who asks for and who decides on extensions."""

from django.db.models import Q

from agencies.models import AgencyKind, ResponsibilityRole, Role
from agencies.permissions import is_coordinator
from tasks.permissions import agency_role_in, sees_every_item


def can_assign(user, item) -> bool:
    """The provincial office assigns, on items still in the plan."""
    return is_coordinator(user) and item.is_active


def unit_role(agency) -> str:
    """The role with which a unit's users answer for it: a prefecture's reporters, a provincial unit's editors."""
    return Role.PREFECTURE_REPORTER if agency.kind == AgencyKind.PREFECTURE else Role.DEPARTMENT_EDITOR


def answering_for_their_unit() -> Q:
    """Users (a query) who answer for the unit they belong to, as unit_role says: for lists of them."""
    return (Q(agency__kind=AgencyKind.PREFECTURE, role_assignments__role=Role.PREFECTURE_REPORTER)
            | (~Q(agency__kind=AgencyKind.PREFECTURE) & Q(role_assignments__role=Role.DEPARTMENT_EDITOR)))


def acts_for_unit(user, agency) -> bool:
    """Whether the user answers for the unit (unit_role). The provincial office does not acknowledge on a unit's
    behalf."""
    if not user.is_authenticated or agency is None or user.agency_id != agency.pk:
        return False
    return user.has_role(unit_role(agency))


def can_request_extension(user, item) -> bool:
    """The lead unit's editors ask for a later deadline (the office revises the plan itself)."""
    return (item.is_active and user.is_authenticated and user.has_role(Role.DEPARTMENT_EDITOR)
            and agency_role_in(item, user.agency) == ResponsibilityRole.LEAD)


def can_decide_extension(user) -> bool:
    return is_coordinator(user)


def sees_unit_row(user, unit) -> bool:
    """What one unit does on an item (its assignment, part, extension requests): a prefecture sees its own and
    the provincial units', never another prefecture's; whoever sees every item sees all."""
    return sees_every_item(user) or unit.kind != AgencyKind.PREFECTURE or unit.pk == user.agency_id


def unit_rows_q(user, path: str = "agency") -> Q:
    """sees_unit_row as a condition on rows whose unit is reached through `path`, for lists."""
    if sees_every_item(user):
        return Q()
    return ~Q(**{f"{path}__kind": AgencyKind.PREFECTURE}) | Q(**{f"{path}_id": user.agency_id})
