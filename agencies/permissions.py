"""Who a user is, in the terms every permission rule uses."""

from agencies.models import Role

# Roles that see every item of the plan (reporters see only what their prefecture answers for).
SEES_EVERY_ITEM = (Role.COORDINATOR, Role.DEPARTMENT_EDITOR, Role.LEADERSHIP, Role.AUDITOR)


def sees_every_item(user) -> bool:
    return user.is_authenticated and user.has_role(*SEES_EVERY_ITEM)


# Roles that read the whole plan's figures and every prefecture's reports: the dashboard, report lists, the
# province's roll-up of prefecture values. Department editors see every item, but only their own figures.
WHOLE_PLAN = (Role.COORDINATOR, Role.LEADERSHIP, Role.AUDITOR)


def sees_whole_plan(user) -> bool:
    return user.is_authenticated and user.has_role(*WHOLE_PLAN)


def is_coordinator(user) -> bool:
    return user.is_authenticated and user.has_role(Role.COORDINATOR)


def can_view_history(user) -> bool:
    return user.is_authenticated and user.has_role(Role.COORDINATOR, Role.AUDITOR)


def can_manage_users(user) -> bool:
    return is_coordinator(user)


def can_read_audit_log(user) -> bool:
    """The security audit log is for auditors (审计员) only: those who run accounts or the plan do not read the
    record of their own actions."""
    return user.is_authenticated and user.has_role(Role.AUDITOR)


# Roles whose accounts sign in with a second factor (等保2.0 level 3): those who run the plan and accounts, and those
# who read the audit log.
TWO_FACTOR_ROLES = (Role.COORDINATOR, Role.AUDITOR)


def needs_two_factor(user) -> bool:
    return user.is_authenticated and (user.is_superuser or user.has_role(*TWO_FACTOR_ROLES))
