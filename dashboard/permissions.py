"""Whose dashboard a user may open: any agency's for those who see the whole plan, else only their own."""

from agencies.permissions import sees_whole_plan


def can_view_agency_dashboard(user, agency) -> bool:
    return sees_whole_plan(user) or (agency is not None and agency.pk == user.agency_id)
