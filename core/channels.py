"""How a value reached the portal, recorded with each change in its history (as the change reason): on a page,
through an Excel upload, or over the API; and one change of such a value, as the trails show it."""

from dataclasses import dataclass
from datetime import datetime

from django.db import models
from django.utils.translation import gettext_lazy as _


class Channel(models.TextChoices):
    PAGE = "page", _("Web page")
    EXCEL = "excel", _("Excel upload")
    API = "api", _("API")


def channel_label(change_reason: str | None) -> str:
    """The channel a history record names as its change reason, in words ("" for none)."""
    return str(Channel(change_reason).label) if change_reason in Channel.values else ""


@dataclass
class ValueChange:
    """One change of a value users entered (a report's value, a target's allocation): who, when, through which
    channel, of what, old → new; shown by templates/includes/value_changes.html."""

    when: datetime
    user: object
    channel: str
    subject: str
    field: str
    old: str
    new: str
