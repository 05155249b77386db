"""Reminders (催办): the daily 督办单 run, and notices of reports coming due and assignments not acknowledged.
Idempotent by construction: each notice has a key, so a rerun creates and mails nothing new."""

import logging
from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from agencies.models import Role, User
from notices.services import notices_issue
from notifications.models import Notification
from reporting.models import EDITABLE, PrefectureReport
from supervision.models import Assignment
from supervision.selectors import responsible_units
from supervision.services import unit_users

logger = logging.getLogger(__name__)


@dataclass
class ReminderReport:
    date: date | None
    notices: str
    created: int
    emailed: int

    def summary(self) -> str:
        return f"date={self.date} {self.notices} created={self.created} emailed={self.emailed}"


def reminders_send(*, today: date | None = None) -> ReminderReport:
    """The day's 督办单 (notices.services.notices_issue: by colour, answered, escalated), reports coming due and
    assignments not acknowledged in time; what is new is e-mailed at once."""
    today = today or timezone.localdate()
    run = notices_issue(today=today)
    notices = _report_due_notices(today) + _acknowledgement_notices(today)
    keys = {n.key for n in notices} | {f"notice:{notice.pk}" for notice in run.issued}
    existing = set(Notification.objects.filter(key__in=keys).values_list("user_id", "key"))
    created = [n for n in notices if (n.user_id, n.key) not in existing]
    Notification.objects.bulk_create(created, ignore_conflicts=True)
    emailed = _email_pending(keys)
    report = ReminderReport(today, run.summary(), len(created), emailed)
    logger.info("reminders_send %s", report.summary())
    return report


def _report_due_notices(today: date) -> list[Notification]:
    """Reporters of reports not yet submitted: due in 7 days, due today, overdue (each said once)."""
    open_reports = PrefectureReport.objects.filter(
        status__in=EDITABLE,
        period__due_date__lte=today + timedelta(days=7)).select_related("period", "prefecture")
    reporters = {}
    for user in User.objects.filter(is_active=True, role_assignments__role=Role.PREFECTURE_REPORTER,
                                    agency_id__in={r.prefecture_id for r in open_reports}):
        reporters.setdefault(user.agency_id, []).append(user)
    notices = []
    for report in open_reports:
        days = (report.period.due_date - today).days
        if days == 7:
            stage, title = "7days", f"{report.period}报告将于7天后截止"
        elif days == 0:
            stage, title = "today", f"{report.period}报告今天截止"
        elif days < 0:
            stage, title = "overdue", f"{report.period}报告已逾期未报送"
        else:
            continue
        for user in reporters.get(report.prefecture_id, []):
            notices.append(Notification(user=user, key=f"report-due:{report.pk}:{stage}", title=title,
                                        body=f"截止日期:{report.period.due_date:%Y-%m-%d}",
                                        url=reverse("reports:detail", args=[report.pk])))
    return notices


def _acknowledgement_notices(today: date) -> list[Notification]:
    """The users who answer for a unit that has not acknowledged an assignment in time (签收逾期); once per
    assignment and version (a changed assignment is a new one to acknowledge). Not for an item no longer in the
    plan, nor a unit no longer responsible for it (a withdrawn designation)."""
    waiting = [a for a in Assignment.objects.filter(acknowledged_at__isnull=True)
               .select_related("agency").prefetch_related("item")
               if a.acknowledgement_overdue(today) and a.item is not None and a.item.is_active
               and a.agency_id in {unit.pk for unit, _role in responsible_units(a.item)}]
    notices = []
    for assignment in waiting:
        for user in unit_users(assignment.agency):
            notices.append(Notification(
                user=user, key=f"acknowledge-overdue:{assignment.pk}:{assignment.version}",
                title=f"「{assignment.item}」的交办事项逾期未签收",
                body=f"应于{assignment.acknowledge_by:%Y-%m-%d}前签收", url=assignment.item.get_absolute_url()))
    return notices


def _email_pending(keys) -> int:
    """Mail the notices of this run not mailed yet; a failure leaves them pending for the retry."""
    # With every notice of the 督办单 not mailed yet (issued, asked again, answered, closed): those need action now,
    # and one whose mail failed goes out on the next run.
    pending = list(Notification.objects.filter(Q(key__in=keys) | Q(key__startswith="notice"), emailed_at__isnull=True)
                   .exclude(user__email="").select_related("user"))
    for notice in pending:
        send_mail(f"【催办】{notice.title}", f"{notice.body}\n\n{settings.PORTAL_BASE_URL}{notice.url}",
                  None, [notice.user.email])
        Notification.objects.filter(pk=notice.pk).update(emailed_at=timezone.now())
    return len(pending)
