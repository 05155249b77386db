"""Who reads, answers and decides on 督办单. A notice is a document addressed to one unit: the provincial office,
leadership and auditors read every one; a unit's editors or reporters, and whoever it is addressed to, read that
unit's; nobody reads another unit's."""

from django.db.models import Q

from agencies.models import ADMINISTRATOR_ROLES, Role
from agencies.permissions import WHOLE_PLAN, is_coordinator
from notices.models import SupervisionNotice
from supervision.permissions import acts_for_unit

UNIT_ROLES = (Role.DEPARTMENT_EDITOR, Role.PREFECTURE_REPORTER)


def reads_every_notice(user) -> bool:
    return user.is_authenticated and user.has_role(*WHOLE_PLAN)


def visible_notices_q(user) -> Q:
    """The notices the user may read, as a condition for lists and lookups by id alike."""
    if not user.is_authenticated:
        return Q(pk__in=[])
    if reads_every_notice(user):
        return Q()
    if user.agency_id is None or user.has_role(*ADMINISTRATOR_ROLES):
        return Q(pk__in=[])
    # Of its own unit only: an addressee who has since moved to another unit no longer reads the old one's.
    own_unit = Q(agency_id=user.agency_id)
    if user.has_role(*UNIT_ROLES):
        return own_unit
    addressed = SupervisionNotice.addressees.through.objects.filter(user_id=user.pk)
    return own_unit & Q(pk__in=addressed.values("supervisionnotice_id"))


def can_answer_notice(user, notice) -> bool:
    """Whoever answers for the unit (its editors or reporters), or anyone it is addressed to."""
    if not user.is_authenticated or user.agency_id != notice.agency_id or user.has_role(*ADMINISTRATOR_ROLES):
        return False
    return acts_for_unit(user, notice.agency) or notice.addressees.filter(pk=user.pk).exists()


def can_decide_notice(user) -> bool:
    """The provincial office closes a notice or asks again."""
    return is_coordinator(user)


def can_set_contacts(user) -> bool:
    return is_coordinator(user)
