from django.apps import AppConfig
from django.db.models.signals import pre_save
from django.utils.translation import gettext_lazy as _

from core.text import text_fields_cleaned


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = _("Kernel")

    def ready(self):
        # Every model, whichever app: one rule for all text, at the one point every write passes.
        pre_save.connect(text_fields_cleaned, dispatch_uid="core.text_fields_cleaned")
