"""How a value reached the portal, recorded with each change in its history (as the change reason): on a page,
through an Excel upload, or over the API."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Channel(models.TextChoices):
    PAGE = "page", _("Report page")
    EXCEL = "excel", _("Excel upload")
    API = "api", _("API")
