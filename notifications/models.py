"""Notices to users: those that need action now (shown and e-mailed at once), and events collected into one daily
digest per user, which is itself a notice.

The notification table was created by the former `portal` app and keeps its name."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class NotificationKind(models.TextChoices):
    IMMEDIATE = "immediate", _("Needs action now")
    EVENT = "event", _("For the daily digest")
    DIGEST = "digest", _("Daily digest")


# What the bell counts and lists: an event reaches its user inside the next digest.
SHOWN_KINDS = (NotificationKind.IMMEDIATE, NotificationKind.DIGEST)


class Notification(models.Model):
    """A notice to one user; `key` makes it idempotent: the same notice is created once. An immediate one is shown
    and e-mailed at once; an event waits for the user's next digest (`carried_by`)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications",
                             verbose_name=_("user"))
    key = models.CharField(max_length=200)
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("message"), blank=True)
    url = models.CharField(_("link"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("time"), auto_now_add=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("emailed at"), null=True, blank=True)
    kind = models.CharField(_("kind"), max_length=10, choices=NotificationKind.choices,
                            default=NotificationKind.EVENT)
    # A digest's lines, each what to do or what changed and where: [{"text": …, "url": …}].
    lines = models.JSONField(_("lines"), default=list, blank=True)
    carried_by = models.ForeignKey("self", on_delete=models.SET_NULL, null=True, blank=True, related_name="carried",
                                   verbose_name=_("carried by the digest"))

    class Meta:
        db_table = "portal_notification"
        ordering = ["-created_at", "-pk"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        constraints = [models.UniqueConstraint(fields=["user", "key"], name="notification_unique_key")]
        indexes = [models.Index(fields=["user", "read_at"]), models.Index(fields=["kind", "emailed_at"])]

    def __str__(self):
        return self.title


class NotificationPreference(models.Model):
    """A user's choice of what reaches them by e-mail (the immediate notices always do)."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                related_name="notification_preference", verbose_name=_("user"))
    digest_email = models.BooleanField(_("E-mail me the daily digest"), default=True)

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")

    def __str__(self):
        return str(self.user)
