"""Who a user is, in the terms every permission rule uses."""

from django.conf import settings

from agencies.models import ADMINISTRATOR_ROLES, Role


def account_usable(user) -> bool:
    """Whether the account may sign in or use a token at all: active, and not a demo account where demo accounts
    are refused (production: DEMO_ACCOUNTS_ALLOWED off)."""
    return user.is_active and (settings.DEMO_ACCOUNTS_ALLOWED or not user.demo)

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


# The administration site is the three administrators' (三员分立, agencies.models.ADMINISTRATOR_ROLES); what each
# may do there is below. Plan data is read-only there for everyone.
def is_administrator(user) -> bool:
    return user.is_authenticated and user.is_active and user.has_role(*ADMINISTRATOR_ROLES)


def can_manage_accounts(user) -> bool:
    """Create accounts, set their unit, names, e-mail and a temporary password, disable them."""
    return user.is_authenticated and user.has_role(Role.SYSTEM_ADMIN)


def can_grant_roles(user) -> bool:
    """Grant and withdraw roles, and read the API tokens and the policies that guard access."""
    return user.is_authenticated and user.has_role(Role.SECURITY_ADMIN)


def can_read_audit_log(user) -> bool:
    """The security audit log is read by the audit administrator and the plan's auditors (审计员): those who run
    accounts, roles or the plan do not read the record of their own actions."""
    return user.is_authenticated and user.has_role(Role.AUDIT_ADMIN, Role.AUDITOR)


def can_read_personal_data(user) -> bool:
    """Users' e-mail addresses (personal data): shown to the system administrator, who runs accounts (and sends
    resets); elsewhere users are named, never reached."""
    return can_manage_accounts(user)


# Roles whose accounts sign in with a second factor (等保2.0 level 3): those who run the plan, the three
# administrators, and those who read the audit log. A superuser is a system administrator (SUPERUSER_ROLE).
TWO_FACTOR_ROLES = (Role.COORDINATOR, Role.AUDITOR, *ADMINISTRATOR_ROLES)


def needs_two_factor(user) -> bool:
    return user.is_authenticated and user.has_role(*TWO_FACTOR_ROLES)
