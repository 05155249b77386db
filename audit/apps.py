from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "audit"
    verbose_name = _("Security audit")

    def ready(self):
        # Sign-in, sign-out and failed sign-ins are Django's own signals; everything else calls audit_record.
        from audit import signals  # noqa: F401  connects the receivers (they need the auth app loaded)
