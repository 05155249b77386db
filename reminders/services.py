"""Reminders (催办), once a day: problems collected (problems.services.problems_collect), the day's 督办单
(notices.services.notices_issue), then one digest per user of what needs their action today and what changed on
their items since the last one, then the e-mail of every immediate notice not mailed yet. Idempotent: a rerun on
the same day issues, writes and mails nothing new."""

import logging
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone

from agencies.models import ADMINISTRATOR_ROLES, AgencyKind, Role, User
from notices.models import NoticeState, SupervisionNotice
from notices.selectors import listed_for_leadership
from notices.services import notices_issue
from notifications.models import Notification, NotificationKind
from notifications.services import immediate_mail_send
from problems.models import Problem, ProblemState
from problems.services import problems_collect
from projects.models import KeyProject, Safeguard
from reporting.models import EDITABLE, PrefectureReport, ReportStatus, UnitPart
from supervision.models import ExtensionRequest, ExtensionStatus
from supervision.selectors import assignments_awaiting_acknowledgement
from tasks.models import ItemStatus, Task

logger = logging.getLogger(__name__)
# A report coming due is in its reporters' digest from this many days before its due date.
REPORT_DUE_NOTICE_DAYS = 7


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


@dataclass
class DigestFacts:
    """What the day's digests are made of, read in a fixed number of queries whatever the number of items."""

    office: list[dict] = field(default_factory=list)  # the provincial office's queue, the same for each coordinator
    by_unit: dict[int, list[dict]] = field(default_factory=lambda: defaultdict(list))
    leadership: list[dict] = field(default_factory=list)


def _line(text: str, url: str) -> dict:
    return {"text": text, "url": url}


def _office_queue() -> list[dict]:
    lines = []
    submitted = PrefectureReport.objects.filter(status=ReportStatus.SUBMITTED).count()
    if submitted:
        lines.append(_line(f"{submitted}份州市报告待审核", reverse("reports:list")))
    completions = sum(model.objects.filter(status=ItemStatus.PENDING_VERIFICATION).count()
                      for model in (Task, KeyProject, Safeguard))
    completions += UnitPart.objects.filter(status=ItemStatus.PENDING_VERIFICATION).count()
    if completions:
        lines.append(_line(f"{completions}项办结申请待审核销号",
                           f"{reverse('tasks:list')}?status={ItemStatus.PENDING_VERIFICATION}"))
    extensions = ExtensionRequest.objects.filter(status=ExtensionStatus.PENDING).count()
    if extensions:
        lines.append(_line(f"{extensions}项延期申请待决定", reverse("supervision:extensions")))
    waiting = Problem.objects.filter(state=ProblemState.OPEN).count()
    if waiting:
        lines.append(_line(f"{waiting}个问题待协调", reverse("problems:list")))
    answered = SupervisionNotice.objects.filter(state=NoticeState.ANSWERED).count()
    if answered:
        lines.append(_line(f"{answered}份督办单已反馈，待办结或要求补充",
                           f"{reverse('notices:list')}?state={NoticeState.ANSWERED}"))
    return lines


def _report_line(report: PrefectureReport, today: date) -> dict | None:
    days = (report.period.due_date - today).days
    if days > REPORT_DUE_NOTICE_DAYS:
        return None
    if days > 0:
        text = f"{report.period}报告将于{days}天后截止（{report.period.due_date:%Y-%m-%d}）"
    elif days == 0:
        text = f"{report.period}报告今天截止"
    else:
        text = f"{report.period}报告已逾期{-days}天未报送（截止{report.period.due_date:%Y-%m-%d}）"
    return _line(text, reverse("reports:detail", args=[report.pk]))


def _unit_queues(today: date) -> dict[int, list[dict]]:
    """Each unit's own queue: its notices awaiting an answer, its assignments to acknowledge, its report due."""
    queues = defaultdict(list)
    awaiting = (SupervisionNotice.objects.filter(state=NoticeState.AWAITING).values("agency_id")
                .annotate(count=Count("pk")))
    for row in awaiting:
        queues[row["agency_id"]].append(_line(f"{row['count']}份督办单待反馈",
                                              f"{reverse('notices:list')}?state={NoticeState.AWAITING}"))
    waiting = defaultdict(list)
    for assignment in assignments_awaiting_acknowledgement():
        waiting[assignment.agency_id].append(assignment)
    for agency_id, assignments in waiting.items():
        late = sum(assignment.acknowledgement_overdue(today) for assignment in assignments)
        overdue = f"，其中{late}项已逾期" if late else ""
        queues[agency_id].append(_line(f"{len(assignments)}项交办事项待签收{overdue}",
                                       f"{reverse('supervision:assignments')}?waiting=1"))
    for report in PrefectureReport.objects.filter(status__in=EDITABLE).select_related("period"):
        line = _report_line(report, today)
        if line:
            queues[report.prefecture_id].append(line)
    return queues


def _facts(today: date) -> DigestFacts:
    listed = listed_for_leadership().count()
    return DigestFacts(
        office=_office_queue(), by_unit=_unit_queues(today),
        leadership=[_line(f"{listed}份二次督办逾期未反馈，提请省领导关注", reverse("dashboard:dashboard"))]
        if listed else [])


def _answers_for_unit(user: User) -> bool:
    """As supervision.permissions.acts_for_unit, on the roles already read."""
    role = Role.PREFECTURE_REPORTER if user.agency.kind == AgencyKind.PREFECTURE else Role.DEPARTMENT_EDITOR
    return user.has_role(role)


def _queue_of(user: User, facts: DigestFacts) -> list[dict]:
    """What needs the user's action today, as far as their roles go."""
    lines = []
    if user.has_role(Role.COORDINATOR):
        lines += facts.office
    if user.agency_id and _answers_for_unit(user):
        lines += facts.by_unit.get(user.agency_id, [])
    if user.has_role(Role.LEADERSHIP):
        lines += facts.leadership
    return lines


def digests_send(*, today: date | None = None) -> int:
    """One digest per user and day, for those with something to act on or to read: what needs their action today,
    and the events (notices of changes on their items) since their last digest, which it carries. E-mailed where
    the user has an address and has not turned the digest's e-mail off. Returns how many were written."""
    today = today or timezone.localdate()
    key = f"digest:{today:%Y-%m-%d}"
    facts = _facts(today)
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
        queue, changes = _queue_of(user, facts), events.get(user.pk, [])
        if not queue and not changes:
            continue
        digests.append(Notification(
            user=user, key=key, kind=NotificationKind.DIGEST, url=reverse("notifications:list"),
            title=f"{today:%m月%d日}督办摘要：{len(queue)}项待办，{len(changes)}项动态",
            lines=queue + [_line(event.title, event.url) for event in changes],
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
