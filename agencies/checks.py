"""`manage.py check --deploy` fails where demo accounts exist but are not allowed (production): they were made
for trying the portal, with passwords printed on a screen."""

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
