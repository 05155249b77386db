from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RecomputeConfig(AppConfig):
    name = "recompute"
    verbose_name = _("Recomputation of lights")
