from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlanLoaderConfig(AppConfig):
    name = "plan_loader"
    verbose_name = _("Plan loader")
