"""Reads of a user's notifications: the immediate ones and the daily digests (an event is read in its digest)."""

from notifications.models import SHOWN_KINDS, Notification, NotificationPreference


def unread_notification_count(user) -> int:
    return Notification.objects.filter(user=user, read_at__isnull=True, kind__in=SHOWN_KINDS).count()


def notification_list(user):
    return Notification.objects.filter(user=user, kind__in=SHOWN_KINDS)


def digest_email_wanted(user) -> bool:
    preference = NotificationPreference.objects.filter(user=user).first()
    return preference.digest_email if preference else True
