"""Who may change what a target records: the provincial office enters baselines, the 2035 targets and
province-wide values, and allocates targets among prefectures. Everyone signed in reads targets."""

from agencies.permissions import is_coordinator
from indicators.models import Indicator


def can_edit_target(user) -> bool:
    return is_coordinator(user)


def can_allocate(user, indicator: Indicator | None = None) -> bool:
    """Whether the user may allocate this target (Indicator.allocatable), or any at all without one."""
    if not is_coordinator(user):
        return False
    return indicator is None or indicator.allocatable
