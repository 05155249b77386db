"""`manage.py check --deploy` (run after every migration in production, docker-compose.yml) fails where demo
accounts exist but are not allowed (they were made for trying the portal, with passwords printed on a screen),
and where an account holds an administrator's duty beside another role (三员分立; e.g. one given both before the
rule existed)."""

from django.conf import settings
from django.core.checks import Error, register
from django.db import DatabaseError


@register(deploy=True)
def demo_accounts_check(app_configs, **kwargs):
    if settings.DEMO_ACCOUNTS_ALLOWED:
        return []
    # Imported here: checks are registered before the models may be used.
    from agencies.models import User
    try:
        found = list(User.objects.filter(demo=True, is_active=True).values_list("username", flat=True)[:20])
    except DatabaseError:  # no database yet (an image being built): nothing to find
        return []
    if not found:
        return []
    return [Error(f"Demo accounts exist: {', '.join(found)}",
                  hint="Disable them (the system administrator: 用户 → 有效 off) or delete them.",
                  id="agencies.E001")]


@register(deploy=True)
def separation_of_duties_check(app_configs, **kwargs):
    # Imported here: checks are registered before the models may be used.
    from agencies.models import SUPERUSER_ROLE, RoleAssignment, User, roles_conflict
    try:
        holders = {}
        for username, role in RoleAssignment.objects.filter(user__is_active=True).values_list("user__username",
                                                                                              "role"):
            holders.setdefault(username, set()).add(role)
        for username in User.objects.filter(is_superuser=True, is_active=True).values_list("username", flat=True):
            holders.setdefault(username, set()).add(SUPERUSER_ROLE)
    except DatabaseError:
        return []
    found = sorted(username for username, roles in holders.items() if roles_conflict(roles))
    if not found:
        return []
    return [Error(f"Accounts hold an administrator's duty and another role (三员分立): {', '.join(found[:20])}",
                  hint="The security administrator withdraws the other roles (or the duty) in the administration.",
                  id="agencies.E002")]
