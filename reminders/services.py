"""Reminders (催办): tell the responsible users when an item turns yellow or red. Idempotent by construction:
each notice has a key (item, light, day it turned), so a rerun creates and mails nothing new."""

import logging
from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from agencies.models import Role, User
from core.lights import Light
from notifications.models import Notification
from projects.models import KeyProject, Safeguard
from reporting.models import EDITABLE, PrefectureReport
from snapshots.models import LightSnapshot, SubjectKind
from supervision.models import Assignment
from supervision.selectors import responsible_units
from supervision.services import unit_users
from tasks.models import Task

logger = logging.getLogger(__name__)
LIGHT_WORDS = {Light.RED: "红灯", Light.YELLOW: "黄灯"}
NOTIFIED_ROLES = (Role.DEPARTMENT_EDITOR, Role.PREFECTURE_REPORTER, Role.COORDINATOR)


@dataclass
class ReminderReport:
    date: date | None
    turned: int
    created: int
    emailed: int

    def summary(self) -> str:
        return f"date={self.date} turned={self.turned} created={self.created} emailed={self.emailed}"


def _turned(kind: str, today: date) -> list[LightSnapshot]:
    """Subjects that are yellow or red today and were not that colour on the previous snapshot day."""
    current = LightSnapshot.objects.filter(kind=kind, date=today, light__in=[Light.YELLOW, Light.RED])
    previous_date = LightSnapshot.objects.filter(kind=kind, date__lt=today).order_by("-date").values("date")[:1]
    before = dict(LightSnapshot.objects.filter(kind=kind, date=previous_date).values_list("subject_id", "light"))
    return [row for row in current if before.get(row.subject_id) != row.light]


def _recipients(item) -> list[User]:
    """Users of the agencies responsible for the item (a prefecture through 各州、市人民政府 too, a department named
    to act for 省级有关部门)."""
    named = [r.agency_id for r in item.responsibilities.all()] + [d.agency_id for d in item.designations.all()]
    return list(User.objects.filter(
        Q(agency_id__in=named) | Q(agency__collectives__id__in=named), is_active=True,
        role_assignments__role__in=NOTIFIED_ROLES).distinct())


def reminders_send(*, today: date | None = None) -> ReminderReport:
    today = today or timezone.localdate()
    notices = []
    turned_total = 0
    for model, label in ((Task, "任务"), (KeyProject, "重点工程"), (Safeguard, "保障措施")):
        kind = SubjectKind(model.ITEM_KIND)
        turned = _turned(kind, today)
        turned_total += len(turned)
        items = model.objects.prefetch_related("responsibilities", "designations").in_bulk(
            [row.subject_id for row in turned])
        for row in turned:
            item = items[row.subject_id]
            # 任务4.1「…」, 重点工程8「…」, 保障措施「加强组织领导」
            ref = {Task: getattr(item, "code", ""), KeyProject: getattr(item, "number", "")}.get(model, "")
            for user in _recipients(item):
                notices.append(Notification(
                    user=user, key=f"light:{kind}:{item.pk}:{row.light}:{today:%Y%m%d}",
                    title=f"{label}{ref}「{item.title}」转为{LIGHT_WORDS[row.light]}",
                    body=row.reason, url=item.get_absolute_url()))
    notices += _report_due_notices(today)
    notices += _acknowledgement_notices(today)
    keys = {n.key for n in notices}
    existing = set(Notification.objects.filter(key__in=keys).values_list("user_id", "key"))
    created = [n for n in notices if (n.user_id, n.key) not in existing]
    Notification.objects.bulk_create(created, ignore_conflicts=True)
    emailed = _email_pending(keys)
    report = ReminderReport(today, turned_total, len(created), emailed)
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
    pending = list(Notification.objects.filter(key__in=keys, emailed_at__isnull=True)
                   .exclude(user__email="").select_related("user"))
    for notice in pending:
        send_mail(f"【催办】{notice.title}", f"{notice.body}\n\n{settings.PORTAL_BASE_URL}{notice.url}",
                  None, [notice.user.email])
        Notification.objects.filter(pk=notice.pk).update(emailed_at=timezone.now())
    return len(pending)
