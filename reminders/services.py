"""Reminders (催办), once a day: problems collected (problems.services.problems_collect), the day's 督办单
(notices.services.notices_issue), then one digest per user of what needs their action today and what changed on
their items since the last one, then the e-mail of every immediate notice not mailed yet. Idempotent: a rerun on
the same day issues, writes and mails nothing new."""

import logging
from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from agencies.models import ADMINISTRATOR_ROLES, User
from notices.services import notices_issue
from notifications.models import Notification, NotificationKind
from notifications.services import immediate_mail_send
from problems.services import problems_collect
from worklist.queues import line, work_facts, work_queue

logger = logging.getLogger(__name__)


@dataclass
class ReminderReport:
    date: date | None
    notices: str
    digests: int
    emailed: int

    def summary(self) -> str:
        return f"date={self.date} {self.notices} digests={self.digests} emailed={self.emailed}"


def reminders_send(*, today: date | None = None) -> ReminderReport:
    today = today or timezone.localdate()
    problems_collect()  # any a job missed (the broker away): they are in today's digests and lists
    run = notices_issue(today=today)
    digests = digests_send(today=today)
    emailed = immediate_mail_send()
    report = ReminderReport(today, run.summary(), digests, emailed)
    logger.info("reminders_send %s", report.summary())
    return report


def digests_send(*, today: date | None = None) -> int:
    """One digest per user and day, for those with something to act on or to read: what needs their action today,
    and the events (notices of changes on their items) since their last digest, which it carries. E-mailed where
    the user has an address and has not turned the digest's e-mail off. Returns how many were written."""
    today = today or timezone.localdate()
    key = f"digest:{today:%Y-%m-%d}"
    facts = work_facts(today)
    events = defaultdict(list)
    readers = User.objects.filter(is_active=True).exclude(role_assignments__role__in=ADMINISTRATOR_ROLES)
    for event in Notification.objects.filter(kind=NotificationKind.EVENT, carried_by__isnull=True,
                                             created_at__date__lte=today, user__in=readers).order_by("created_at",
                                                                                                     "pk"):
        events[event.user_id].append(event)
    done = set(Notification.objects.filter(key=key).values_list("user_id", flat=True))
    users = (readers.exclude(pk__in=done)
             .select_related("agency", "notification_preference").prefetch_related("role_assignments")
             .order_by("pk"))
    digests, carried = [], []
    for user in users:
        queue, changes = work_queue(user, facts), events.get(user.pk, [])
        if not queue and not changes:
            continue
        digests.append(Notification(
            user=user, key=key, kind=NotificationKind.DIGEST, url=reverse("notifications:list"),
            title=f"{today:%m月%d日}督办摘要：{len(queue)}项待办，{len(changes)}项动态",
            lines=queue + [line(event.title, event.url) for event in changes],
            body="\n".join(line["text"] for line in queue)))
    with transaction.atomic():
        Notification.objects.bulk_create(digests)  # PostgreSQL and SQLite give back the new ids
        for digest in digests:
            for event in events.get(digest.user_id, []):
                event.carried_by = digest
                carried.append(event)
        Notification.objects.bulk_update(carried, ["carried_by"], batch_size=500)
    _digests_mail(key)
    return len(digests)


def _digests_mail(key: str) -> None:
    """Mail the day's digests not mailed yet, to those who want them; each is marked as it goes, so a failure leaves
    the rest for the rerun."""
    unmailed = (Notification.objects.filter(key=key, emailed_at__isnull=True).exclude(user__email="")
                .exclude(user__notification_preference__digest_email=False).select_related("user"))
    for digest in unmailed:
        text = "\n".join(f"· {line['text']}  {settings.PORTAL_BASE_URL}{line['url']}" for line in digest.lines)
        send_mail(f"【督办摘要】{digest.title}", text, None, [digest.user.email])
        Notification.objects.filter(pk=digest.pk).update(emailed_at=timezone.now())
