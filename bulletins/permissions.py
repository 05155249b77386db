"""Who drafts, reads and issues bulletins: the provincial office drafts, approves and issues; an issued bulletin
is a circulated document every plan role reads (a prefecture too); drafts are read only by those who see the
whole plan."""

from agencies.models import PLAN_ROLES
from agencies.permissions import is_coordinator, sees_whole_plan


def can_manage_bulletins(user) -> bool:
    return is_coordinator(user)


def can_read_bulletin(user, bulletin) -> bool:
    if bulletin.is_issued:
        return user.has_role(*PLAN_ROLES)
    return sees_whole_plan(user)


def readable_bulletins(user, bulletins):
    """The bulletins of a list the user may read."""
    if sees_whole_plan(user):
        return bulletins
    if user.has_role(*PLAN_ROLES):
        return bulletins.filter(state="issued")
    return bulletins.none()
