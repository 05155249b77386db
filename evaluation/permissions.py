"""Who reads the evaluation of the plan: the final evaluation (终期评估) is the office's and leadership's working
document over the whole plan; the ranking of units likewise. A unit reads its own score."""

from agencies.models import PLAN_ROLES
from agencies.permissions import is_coordinator, sees_whole_plan


def can_read_evaluation(user) -> bool:
    return sees_whole_plan(user)


def can_carry_over(user) -> bool:
    """结转: moving unfinished items' deadlines toward 2035 is a plan revision, the office's decision."""
    return is_coordinator(user)


def can_manage_scoring(user) -> bool:
    """The year's scheme, adjustments and closing are the office's."""
    return is_coordinator(user)


def can_read_score_of(user, agency) -> bool:
    """The whole ranking for those who see the whole plan; a unit's own score for its users."""
    return sees_whole_plan(user) or (agency is not None and user.agency_id == agency.pk
                                     and user.has_role(*PLAN_ROLES))


def can_open_scores(user) -> bool:
    """The scores page: the ranking for those who see the whole plan, its own row for a unit's users (not for
    the administrators, who read no plan data)."""
    return sees_whole_plan(user) or (user.agency_id is not None and user.has_role(*PLAN_ROLES))
