"""Writes of notifications."""

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from agencies.models import Role, User
from core.jobs import IMMEDIATE_MAIL, job_on_commit
from notifications.models import SHOWN_KINDS, Notification, NotificationKind, NotificationPreference


def notify(users, *, key: str, title: str, body: str, url: str, urgent: bool = False) -> None:
    """Notices written in the caller's transaction; `key` makes a notice once per user, however often the write is
    retried. `urgent`: it needs action now, and is shown and e-mailed at once (after the commit); otherwise it is an
    event for the user's next daily digest."""
    kind = NotificationKind.IMMEDIATE if urgent else NotificationKind.EVENT
    Notification.objects.bulk_create([Notification(user=user, key=key, title=str(title), body=str(body), url=url,
                                                   kind=kind) for user in users], ignore_conflicts=True)
    if urgent:
        job_on_commit(IMMEDIATE_MAIL)


def notify_on_commit(users, *, key: str, title: str, body: str, url: str, urgent: bool = False) -> None:
    """notify() once the caller's write commits."""
    users = list(users)
    transaction.on_commit(lambda: notify(users, key=key, title=title, body=body, url=url, urgent=urgent))


def immediate_mail_send() -> int:
    """E-mail every immediate notice not mailed yet (a failure leaves the rest for the next run); how many."""
    pending = list(Notification.objects.filter(kind=NotificationKind.IMMEDIATE, emailed_at__isnull=True)
                   .exclude(user__email="").select_related("user"))
    sent = 0
    for notice in pending:
        # Claimed before it is sent: a job running beside this one sends it no second time. A failed send gives
        # the claim back for the next run.
        if not Notification.objects.filter(pk=notice.pk, emailed_at__isnull=True).update(emailed_at=timezone.now()):
            continue
        try:
            send_mail(f"【督办】{notice.title}", f"{notice.body}\n\n{settings.PORTAL_BASE_URL}{notice.url}", None,
                      [notice.user.email])
        except Exception:
            Notification.objects.filter(pk=notice.pk).update(emailed_at=None)
            raise
        sent += 1
    return sent


def notification_preference_save(*, user, digest_email: bool) -> NotificationPreference:
    preference, _created = NotificationPreference.objects.update_or_create(user=user,
                                                                          defaults={"digest_email": digest_email})
    return preference


def coordinators() -> list[User]:
    """The provincial office's active coordinators: those who act on requests to the office."""
    return list(User.objects.filter(User.holding(Role.COORDINATOR), is_active=True).distinct())


def notifications_mark_read(*, user: User) -> int:
    """Mark every unread notification of the user as read (one UPDATE)."""
    return Notification.objects.filter(user=user, read_at__isnull=True, kind__in=SHOWN_KINDS).update(
        read_at=timezone.now())


def notification_open(*, user: User, pk: int) -> Notification:
    """One of the user's own notifications, marked read as it is opened (Notification.DoesNotExist for anyone
    else's: it is not there for them)."""
    notification = Notification.objects.get(user=user, pk=pk, kind__in=SHOWN_KINDS)
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return notification
