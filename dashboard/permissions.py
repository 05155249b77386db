"""Whose dashboard a user may open: the whole plan's and any agency's for those who see the whole plan, else only
their own agency's (the page and its JSON ask here)."""

from django.core.exceptions import PermissionDenied

from agencies.models import PLAN_ROLES
from agencies.permissions import sees_whole_plan


def can_view_agency_dashboard(user, agency) -> bool:
    """Those who see the whole plan, any agency's; a unit's own users (with a plan role: an administrator of the
    office reads no plan data, 三员分立), their own agency's."""
    return sees_whole_plan(user) or (agency is not None and agency.pk == user.agency_id
                                     and user.has_role(*PLAN_ROLES))


def default_dashboard_agency(user):
    """The agency a user's dashboard shows when none is asked for: None (the whole plan) for those who see it,
    else the user's own agency; PermissionDenied for a user of no agency or with no plan role."""
    if sees_whole_plan(user):
        return None
    if user.agency_id is None or not user.has_role(*PLAN_ROLES):
        raise PermissionDenied
    return user.agency
