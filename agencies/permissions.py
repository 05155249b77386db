"""Who a user is, in the terms every permission rule uses."""

from agencies.models import Role

# Roles that see every item of the plan (reporters see only what their prefecture answers for).
SEES_EVERYTHING = (Role.COORDINATOR, Role.DEPARTMENT_EDITOR, Role.LEADERSHIP, Role.AUDITOR)


def sees_everything(user) -> bool:
    return user.is_authenticated and user.has_role(*SEES_EVERYTHING)


def is_coordinator(user) -> bool:
    return user.is_authenticated and user.has_role(Role.COORDINATOR)


def can_view_history(user) -> bool:
    return user.is_authenticated and user.has_role(Role.COORDINATOR, Role.AUDITOR)


def can_manage_users(user) -> bool:
    return is_coordinator(user)
