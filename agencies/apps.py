from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _


class AgenciesConfig(AppConfig):
    name = "agencies"
    verbose_name = _("Agencies and users")

    def ready(self):
        # Account and role changes go to the security audit log (receivers need the models loaded).
        from agencies import checks, signals  # noqa: F401
        # (checks: the deploy check refusing demo accounts registers itself on import.)


class PortalAdminConfig(admin_apps.AdminConfig):
    """django.contrib.admin with the portal's admin site (who may enter: see agencies.admin_site)."""

    default = False
    default_site = "agencies.admin_site.PortalAdminSite"
