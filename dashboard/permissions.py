"""Whose dashboard a user may open: the whole plan's and any agency's for those who see the whole plan, else only
their own agency's (the page and its JSON ask here)."""

from django.core.exceptions import PermissionDenied

from agencies.permissions import sees_whole_plan


def can_view_agency_dashboard(user, agency) -> bool:
    return sees_whole_plan(user) or (agency is not None and agency.pk == user.agency_id)


def default_dashboard_agency(user):
    """The agency a user's dashboard shows when none is asked for: None (the whole plan) for those who see it,
    else the user's own agency; PermissionDenied for a user of no agency."""
    if sees_whole_plan(user):
        return None
    if user.agency_id is None:
        raise PermissionDenied
    return user.agency
