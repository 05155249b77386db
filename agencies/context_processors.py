"""What the navigation offers the signed-in user: the plan's pages (not to the administrators, who read no plan
data), the administration, the audit log, setting up two-factor sign-in.

No query: roles are read once per request, enrolment once per session."""

from agencies.middleware import ENROLLED
from agencies.permissions import can_read_audit_log, is_administrator, sees_whole_plan


def duties(request) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    administrator = is_administrator(user)
    return {"duties": {
        "plan": not administrator,
        "evaluation": sees_whole_plan(user),  # the final evaluation and the units' scores, over the whole plan
        "administration": administrator,
        "audit_log": can_read_audit_log(user),
        "two_factor_offered": not request.session.get(ENROLLED, False),
    }}
