"""Writes of notifications."""

from django.db import transaction
from django.utils import timezone

from agencies.models import Role, User
from notifications.models import Notification


def notify(users, *, key: str, title: str, body: str, url: str) -> None:
    """In-app notices, written in the caller's transaction; `key` makes a notice once per user, however often the
    write is retried."""
    Notification.objects.bulk_create([Notification(user=user, key=key, title=str(title), body=str(body), url=url)
                                      for user in users], ignore_conflicts=True)


def notify_on_commit(users, *, key: str, title: str, body: str, url: str) -> None:
    """In-app notices once the caller's write commits (the daily reminder job e-mails what is due)."""
    users = list(users)
    transaction.on_commit(lambda: notify(users, key=key, title=title, body=body, url=url))


def coordinators() -> list[User]:
    """The provincial office's active coordinators: those who act on requests to the office."""
    return list(User.objects.filter(User.holding(Role.COORDINATOR), is_active=True).distinct())


def notifications_mark_read(*, user: User) -> int:
    """Mark every unread notification of the user as read (one UPDATE)."""
    return Notification.objects.filter(user=user, read_at__isnull=True).update(read_at=timezone.now())


def notification_open(*, user: User, pk: int) -> Notification:
    """One of the user's own notifications, marked read as it is opened (Notification.DoesNotExist for anyone
    else's: it is not there for them)."""
    notification = Notification.objects.get(user=user, pk=pk)
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return notification
