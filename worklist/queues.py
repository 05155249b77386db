"""The work queue: each line something to do, in words, with the page to do it on. The provincial office's queue
(reports to review, completions to verify, extensions to decide, problems to coordinate, answered notices) is the
same for every coordinator; a unit's (its notices to answer, its assignments to acknowledge, its report) is its
users'; leadership's is the notices escalated to it. Read in a fixed number of queries whatever the number of items:
for every unit at once (the digest) or for one user (the home page)."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import Count, Q
from django.urls import reverse

from agencies.models import AgencyKind, ResponsibilityRole, Role
from core.lights import Light
from notices.models import NoticeState, SupervisionNotice
from notices.selectors import listed_for_leadership
from problems.models import Problem, ProblemState
from projects.models import KeyProject, Safeguard
from reporting.models import EDITABLE, PrefectureReport, ReportStatus, UnitPart
from snapshots.models import SubjectKind
from snapshots.selectors import newest_lights
from supervision.models import ExtensionRequest, ExtensionStatus
from supervision.selectors import assignments_awaiting_acknowledgement
from tasks.models import ItemStatus, Task

# A report coming due is in its reporters' digest from this many days before its due date (always on their home).
REPORT_DUE_NOTICE_DAYS = 7


@dataclass
class WorkFacts:
    office: list[dict] = field(default_factory=list)
    by_unit: dict[int, list[dict]] = field(default_factory=lambda: defaultdict(list))
    leadership: list[dict] = field(default_factory=list)


def line(text: str, url: str) -> dict:
    return {"text": text, "url": url}


def _office_queue(today: date) -> list[dict]:
    lines = []
    submitted = PrefectureReport.objects.filter(status=ReportStatus.SUBMITTED).count()
    if submitted:
        lines.append(line(f"{submitted}份州市报告待审核", f"{reverse('reports:list')}?status=submitted"))
    completions = sum(model.objects.filter(status=ItemStatus.PENDING_VERIFICATION).count()
                      for model in (Task, KeyProject, Safeguard))
    completions += UnitPart.objects.filter(status=ItemStatus.PENDING_VERIFICATION).count()
    if completions:
        lines.append(line(f"{completions}项办结申请待审核销号",
                          f"{reverse('tasks:list')}?status={ItemStatus.PENDING_VERIFICATION}"))
    extensions = ExtensionRequest.objects.filter(status=ExtensionStatus.PENDING).count()
    if extensions:
        lines.append(line(f"{extensions}项延期申请待决定", reverse("supervision:extensions")))
    waiting = Problem.objects.filter(state=ProblemState.OPEN).count()
    if waiting:
        lines.append(line(f"{waiting}个问题待协调", reverse("problems:list")))
    answered = SupervisionNotice.objects.filter(state=NoticeState.ANSWERED).count()
    if answered:
        lines.append(line(f"{answered}份督办单已反馈，待办结或要求补充",
                          f"{reverse('notices:list')}?state={NoticeState.ANSWERED}"))
    return lines + _missing_reports(today)


MISSING_PERIODS_SHOWN = 3  # the latest periods with prefectures yet to report


def _missing_reports(today: date) -> list[dict]:
    """Per period due within REPORT_DUE_NOTICE_DAYS or past, the prefectures that have not reported, named, with
    催报 in one click (a POST to reports:urge, which the home page offers as a button)."""
    missing = defaultdict(list)
    reports = (PrefectureReport.objects.filter(status__in=EDITABLE,
                                               period__due_date__lte=today + timedelta(days=REPORT_DUE_NOTICE_DAYS))
               .select_related("period", "prefecture").order_by("-period__start", "prefecture__order"))
    for report in reports:
        missing[report.period].append(report.prefecture)
    lines = []
    for period, prefectures in list(missing.items())[:MISSING_PERIODS_SHOWN]:
        names = "、".join(p.short_name or p.name for p in prefectures[:6]) + ("等" if len(prefectures) > 6 else "")
        due = "已逾期" if period.due_date < today else f"{period.due_date:%Y-%m-%d}截止"
        lines.append({**line(f"{period}：{len(prefectures)}个州市尚未报送（{names}；{due}）",
                             f"{reverse('reports:list')}?period={period.pk}"),
                      "action": {"url": reverse("reports:urge", args=[period.pk]), "label": "一键催报"}})
    return lines


def _report_line(report: PrefectureReport, today: date, *, always: bool) -> dict | None:
    """The report's days left or overdue, and how much of it is filled (已填12/36项)."""
    days = (report.period.due_date - today).days
    if days > REPORT_DUE_NOTICE_DAYS and not always:
        return None
    filled = f"，已填{report.filled}/{report.total}项"
    if days > 0:
        text = f"{report.period}报告将于{days}天后截止（{report.period.due_date:%Y-%m-%d}）{filled}"
    elif days == 0:
        text = f"{report.period}报告今天截止{filled}"
    else:
        text = f"{report.period}报告已逾期{-days}天未报送（截止{report.period.due_date:%Y-%m-%d}）{filled}"
    return line(text, reverse("reports:detail", args=[report.pk]))


def _unit_queues(today: date, *, agency_id: int | None = None, every_report: bool = False) -> dict[int, list]:
    """Each unit's own queue (or one unit's): its notices awaiting an answer, its assignments to acknowledge, its
    report due (`every_report`: any it still has to submit, however far its due date)."""
    queues = defaultdict(list)
    own = {"agency_id": agency_id} if agency_id else {}
    awaiting = (SupervisionNotice.objects.filter(state=NoticeState.AWAITING, **own).values("agency_id")
                .annotate(count=Count("pk")))
    for row in awaiting:
        queues[row["agency_id"]].append(line(f"{row['count']}份督办单待反馈",
                                             f"{reverse('notices:list')}?state={NoticeState.AWAITING}"))
    waiting = defaultdict(list)
    for assignment in assignments_awaiting_acknowledgement(agency_id=agency_id):
        waiting[assignment.agency_id].append(assignment)
    for unit_id, assignments in waiting.items():
        late = sum(assignment.acknowledgement_overdue(today) for assignment in assignments)
        overdue = f"，其中{late}项已逾期" if late else ""
        queues[unit_id].append(line(f"{len(assignments)}项交办事项待签收{overdue}",
                                    f"{reverse('supervision:assignments')}?waiting=1"))
    reports = (PrefectureReport.objects.filter(status__in=EDITABLE, **({"prefecture_id": agency_id} if agency_id
                                                                       else {}))
               .select_related("period").annotate(total=Count("items"),
                                                  filled=Count("items", filter=~Q(items__narrative=""))))
    for report in reports:
        report_line = _report_line(report, today, always=every_report)
        if report_line:
            queues[report.prefecture_id].append(report_line)
    return queues


def _leadership_queue() -> list[dict]:
    listed = listed_for_leadership().count()
    return [line(f"{listed}份二次督办逾期未反馈，提请省领导关注", reverse("dashboard:dashboard"))] if listed else []


def work_facts(today: date) -> WorkFacts:
    """Every queue at once, for the day's digests."""
    return WorkFacts(office=_office_queue(today), by_unit=_unit_queues(today), leadership=_leadership_queue())


def _answers_for_unit(user) -> bool:
    """As supervision.permissions.acts_for_unit, on the roles already read."""
    role = Role.PREFECTURE_REPORTER if user.agency.kind == AgencyKind.PREFECTURE else Role.DEPARTMENT_EDITOR
    return user.has_role(role)


def work_queue(user, facts: WorkFacts) -> list[dict]:
    """What needs the user's action today, as far as their roles go."""
    lines = []
    if user.has_role(Role.COORDINATOR):
        lines += facts.office
    if user.agency_id and _answers_for_unit(user):
        lines += facts.by_unit.get(user.agency_id, [])
    if user.has_role(Role.LEADERSHIP):
        lines += facts.leadership
    return lines


def _led_red_and_yellow(agency) -> list[dict]:
    """A provincial unit's items that it leads and that are red or yellow today, to its editors' home: the list
    filtered to each colour is one click away."""
    lines = []
    for model, kind, list_url, noun in ((Task, SubjectKind.TASK, "tasks:list", "任务"),
                                        (KeyProject, SubjectKind.KEY_PROJECT, "projects:list", "重点工程")):
        led = model.objects.for_agency(agency, role=ResponsibilityRole.LEAD).values("pk")
        counts = dict(newest_lights(kind).filter(subject_id__in=led, light__in=[Light.RED, Light.YELLOW])
                      .values_list("light").annotate(n=Count("pk")))
        for light, label in ((Light.RED, "红灯"), (Light.YELLOW, "黄灯")):
            if counts.get(light):
                lines.append(line(f"本单位牵头的{noun}中，{counts[light]}项{label}",
                                  f"{reverse(list_url)}?agency={agency.pk}&role={ResponsibilityRole.LEAD}&light={light}"))
    return lines


def work_queue_for(user, today: date) -> list[dict]:
    """One user's queue (the home page), reading only what their roles need; their report however far it is due;
    a department's red and yellow items."""
    facts = WorkFacts()
    if user.has_role(Role.COORDINATOR):
        facts.office = _office_queue(today)
    if user.agency_id and _answers_for_unit(user):
        facts.by_unit = _unit_queues(today, agency_id=user.agency_id, every_report=True)
        if user.agency.kind != AgencyKind.PREFECTURE:
            facts.by_unit[user.agency_id] += _led_red_and_yellow(user.agency)
    if user.has_role(Role.LEADERSHIP):
        facts.leadership = _leadership_queue()
    return work_queue(user, facts)
