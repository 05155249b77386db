"""Who may see and change a task or key project: one place for the rules the pages and the API both apply.

- Coordinators (省应急厅) see and update everything.
- Department editors see everything; the lead unit sets status and percent, every named unit adds progress
  entries. A unit not named but covered by "省级有关部门" may add entries too (the plan leaves the list open).
- Prefecture reporters see the items their prefecture answers for (by name or through 各州、市人民政府) and add
  progress entries to them; they never see another prefecture's entries or evidence.
- Leadership and auditors read; only coordinators and auditors read the change history.
- Each responsible unit but a provincial lead keeps its own part (status, percent, narrative) of an item: the
  unit's editors or reporters update it (can_update_part); the lead's status is the item's.
- Where the plan names 省级有关部门 (a collective with no members), a coordinator may name the departments that act
  for it on an item, as lead or participant (tasks.services.designation_add); they then act with that role.
"""

from django.db.models import QuerySet

from agencies.models import AgencyKind, ResponsibilityRole, Role
from agencies.permissions import is_coordinator, sees_every_item

OPEN_PROVINCIAL_COLLECTIVE = "省级有关部门"
PROVINCIAL_KINDS = (AgencyKind.DEPARTMENT, AgencyKind.RESCUE_TEAM, AgencyKind.CENTRAL, AgencyKind.MILITARY,
                    AgencyKind.MASS_ORG)


def visible_items(user, queryset: QuerySet) -> QuerySet:
    """Scope a task or key-project queryset to what the user may see (lists and lookups by id alike)."""
    if sees_every_item(user):
        return queryset
    if user.is_authenticated and user.has_role(Role.PREFECTURE_REPORTER) and user.agency_id:
        return queryset.for_agency(user.agency)
    return queryset.none()


def agency_role_in(item, agency) -> str | None:
    """The agency's role in an item: named itself, through a collective it belongs to, or (a provincial unit) as
    one of the open 省级有关部门; None if neither. Reads the item's prefetched responsibilities (with agency
    members)."""
    role = named_role_in(item, agency)
    if role is None and agency is not None and agency.kind in PROVINCIAL_KINDS and any(
            r.agency.name == OPEN_PROVINCIAL_COLLECTIVE for r in item.ordered_responsibilities()):
        return ResponsibilityRole.PARTICIPANT
    return role


def named_role_in(item, agency) -> str | None:
    """The agency's role in an item where the plan names it, or a collective it belongs to (各州、市人民政府), or a
    coordinator named it to act for 省级有关部门; None otherwise (the open list alone names nobody)."""
    if agency is None:
        return None
    found = None
    for responsibility in item.ordered_responsibilities():
        named = responsibility.agency
        if named.pk == agency.pk:
            return responsibility.role
        if any(member.pk == agency.pk for member in named.members.all()):
            found = found or responsibility.role
    # A department a coordinator named to act for 省级有关部门 has the role it was given (a lead can set status).
    designated = [d.role for d in item.designated() if d.agency_id == agency.pk]
    return designated[0] if designated else found


def can_view_item(user, item) -> bool:
    if sees_every_item(user):
        return True
    return user.is_authenticated and user.has_role(Role.PREFECTURE_REPORTER) and \
        agency_role_in(item, user.agency) is not None


def can_update_status(user, item) -> bool:
    if not item.is_active:  # not applicable or merged: the item takes no more updates
        return False
    if is_coordinator(user):
        return True
    return user.has_role(Role.DEPARTMENT_EDITOR) and agency_role_in(item, user.agency) == ResponsibilityRole.LEAD


def can_add_progress(user, item) -> bool:
    if not item.is_active:
        return False
    if is_coordinator(user):
        return True
    if not user.is_authenticated or not user.has_role(Role.DEPARTMENT_EDITOR, Role.PREFECTURE_REPORTER):
        return False
    role = agency_role_in(item, user.agency)
    if role is None:
        return False
    # A department editor writes as a department; a prefecture reporter as its prefecture.
    is_prefecture = user.agency.kind == AgencyKind.PREFECTURE
    return user.has_role(Role.PREFECTURE_REPORTER) if is_prefecture else user.has_role(Role.DEPARTMENT_EDITOR)


def can_designate(user, item) -> bool:
    """Only the provincial office names who acts for 省级有关部门, and only on an item where the plan names it."""
    return is_coordinator(user) and item.is_active and any(
        r.agency.name == OPEN_PROVINCIAL_COLLECTIVE for r in item.ordered_responsibilities())


def can_verify_completion(user, item) -> bool:
    """销号 (verify a completion, send it back, reopen): the provincial office, on items still in the plan."""
    return is_coordinator(user) and item.is_active


def keeps_own_part(item, agency) -> bool:
    """Whether the unit keeps a part of its own on the item (reporting.UnitPart): every responsible unit but a
    provincial lead, whose status is the item's own (can_update_status); each prefecture behind 各州、市人民政府 has
    its part even where the collective leads."""
    role = named_role_in(item, agency)  # a unit the open 省级有关部门 alone covers has no part to keep
    return role is not None and (role != ResponsibilityRole.LEAD or agency.kind == AgencyKind.PREFECTURE)


def is_own_part(user, item) -> bool:
    return user.is_authenticated and user.agency_id is not None and keeps_own_part(item, user.agency)


def can_update_part(user, item) -> bool:
    """A unit reports the status of its own part: its editors (a department) or reporters (a prefecture), not the
    provincial office on its behalf."""
    if not (is_own_part(user, item) and can_add_progress(user, item)):
        return False
    return user.has_role(Role.PREFECTURE_REPORTER if user.agency.kind == AgencyKind.PREFECTURE
                         else Role.DEPARTMENT_EDITOR)
