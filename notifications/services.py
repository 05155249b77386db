"""Writes of notifications."""

from django.utils import timezone

from agencies.models import User
from notifications.models import Notification


def notifications_mark_read(*, user: User) -> int:
    """Mark every unread notification of the user as read (one UPDATE)."""
    return Notification.objects.filter(user=user, read_at__isnull=True).update(read_at=timezone.now())
