"""Reads of a user's notifications."""

from notifications.models import Notification


def unread_notification_count(user) -> int:
    return Notification.objects.filter(user=user, read_at__isnull=True).count()


def notification_list(user):
    return Notification.objects.filter(user=user)
