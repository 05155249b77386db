"""What a bulletin says, read once when it is drafted and kept with it (a JSON of plain values): the snapshot of
its date (the last day of its period, or today while the period runs), the units and prefectures ranked the way
督办 bulletins rank them (表扬 the best, 通报 the lagging, with the reasons), the reports due in the period, and
the problems and notices. A final-evaluation bulletin adds what became of the plan (evaluation.final)."""

import calendar
from datetime import date

from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.utils.translation import gettext as _

from agencies.models import Agency, AgencyKind
from bulletins.models import BulletinKind
from core.dates import PLAN_END, PLAN_START
from core.numbers import plain_number
from dashboard import selectors as dashboard
from evaluation.final import final_evaluation
from notices.models import NoticeColour, SupervisionNotice
from problems.selectors import open_problems_summary
from snapshots.models import RollupScope, RollupSnapshot

PERIODS = {BulletinKind.MONTH: 12, BulletinKind.QUARTER: 4, BulletinKind.HALF_YEAR: 2, BulletinKind.YEAR: 1,
           BulletinKind.FINAL: 1}
PRAISED, NAMED = 3, 5  # how many units a bulletin commends, and names for lagging, of each kind
LIGHT_WORDS = {"green": "绿灯", "yellow": "黄灯", "red": "红灯", "grey": "灰灯"}


def period_of(kind: str, year: int, number: int) -> tuple[date, date, str]:
    """The first and last day a bulletin covers, and its title; ValidationError for a period that is not one."""
    if kind not in PERIODS:
        raise ValidationError({"kind": _("Choose one of the kinds offered.")})
    if not isinstance(year, int) or not PLAN_START.year <= year <= 2035:
        raise ValidationError({"year": _("Choose a year from 2021 to 2035.")})
    if not isinstance(number, int) or not 1 <= number <= PERIODS[kind]:
        raise ValidationError({"number": _("There is no such period in a year.")})
    if kind == BulletinKind.FINAL:
        if year != PLAN_END.year:
            raise ValidationError({"year": _("The final evaluation is of the plan period: its year is %(year)d.")
                                   % {"year": PLAN_END.year}})
        return PLAN_START, PLAN_END, "应急体系规划（2021—2025年）实施终期评估情况通报"
    months = 12 // PERIODS[kind]
    first = (number - 1) * months + 1
    last = first + months - 1
    start, end = date(year, first, 1), date(year, last, calendar.monthrange(year, last)[1])
    half = "上" if number == 1 else "下"
    label = {BulletinKind.MONTH: f"{year}年{number}月", BulletinKind.QUARTER: f"{year}年第{number}季度",
             BulletinKind.HALF_YEAR: f"{year}年{half}半年", BulletinKind.YEAR: f"{year}年度"}[kind]
    return start, end, f"{label}应急体系规划实施情况通报"


def _ranked(scope: str, day: date) -> list[dict]:
    """Each unit's items on the day's snapshot (a provincial unit's as lead unit, a prefecture's), worst first: most
    red, then most yellow, then least progress, then name."""
    rows = RollupSnapshot.objects.filter(date=day, scope=scope)
    units = Agency.objects.filter(pk__in=rows.values("scope_id"))
    units = units.prefectures() if scope == RollupScope.PREFECTURE else units.exclude(
        kind__in=[AgencyKind.COLLECTIVE, AgencyKind.PREFECTURE])
    names = dict(units.values_list("pk", "name"))
    units = []
    for row in rows:
        total = row.green + row.yellow + row.red + row.grey
        if row.scope_id in names and total:
            progress = round(row.progress, 1) if row.progress is not None else None
            units.append({"unit": names[row.scope_id], "total": total, "green": row.green, "yellow": row.yellow,
                          "red": row.red, "grey": row.grey, "progress": progress,
                          "reason": f"承担事项{total}项，红灯{row.red}项、黄灯{row.yellow}项、绿灯{row.green}项，"
                                    f"平均完成度{plain_number(progress or 0)}%"})
    units.sort(key=lambda u: (-u["red"], -u["yellow"], u["progress"] or 0, u["unit"]))
    return units


def _praised(units: list[dict]) -> list[dict]:
    """The best: no red item and some green (not merely nothing judged yet), the most progress first."""
    clean = [u for u in units if not u["red"] and u["green"]]
    return sorted(clean, key=lambda u: (-(u["progress"] or 0), -u["green"], u["unit"]))[:PRAISED]


def _reports(start: date, end: date) -> list[dict]:
    """The prefectures' reports due from `start` to `end` (the period, up to the day it is drafted): on time,
    late, missing, as they stand when drafted."""
    counted = Q(reports__period__due_date__range=(start, end))
    prefectures = Agency.objects.prefectures().order_by("order").annotate(
        expected=Count("reports", filter=counted),
        on_time=Count("reports", filter=counted & Q(reports__first_submitted_at__isnull=False,
                                                    reports__is_late=False)),
        late=Count("reports", filter=counted & Q(reports__is_late=True)))
    return [{"prefecture": p.name, "expected": p.expected, "on_time": p.on_time, "late": p.late,
             "missing": p.expected - p.on_time - p.late} for p in prefectures]


def _record(record) -> dict:
    reports = record.reports
    return {"unit": record.agency.name, "items": record.items, "completed": record.completed,
            "not_completed": record.outcomes["not_completed"], "rate": record.completion_rate,
            "reports": f"{reports.on_time}/{reports.expected}" if reports else ""}


def bulletin_figures(kind: str, year: int, number: int, *, today: date) -> dict:
    """The figures of a bulletin drafted on `today`; ValidationError for a period not begun or with no snapshot."""
    start, end, title = period_of(kind, year, number)
    if start > today:
        raise ValidationError({"number": _("This period has not begun yet.")})
    if kind == BulletinKind.FINAL and today <= PLAN_END:
        raise ValidationError({"kind": _("The final evaluation is reported once the plan period has ended (after "
                                         "%(end)s).") % {"end": PLAN_END}})
    as_of = min(end, today)
    scope = dashboard.Scope(as_of=as_of)
    summary = dashboard.summary(scope)
    if summary["snapshot_date"] is None:
        raise ValidationError({"number": _("There are no lights on or before %(day)s to report.") % {"day": as_of}})
    day = date.fromisoformat(summary["snapshot_date"])
    if day < start:
        raise ValidationError({"number": _("There are no lights within %(title)s yet (the last are of %(day)s).")
                               % {"title": title, "day": day}})
    departments, prefectures = _ranked(RollupScope.AGENCY_LEAD, day), _ranked(RollupScope.PREFECTURE, day)
    notices = dict(SupervisionNotice.objects.filter(issued_on__range=(start, as_of)).values_list("colour").annotate(
        n=Count("pk")))
    problems = open_problems_summary()
    figures = {
        "title": title, "start": start.isoformat(), "end": end.isoformat(), "snapshot_date": day.isoformat(),
        "progress": summary["progress"], "tasks": summary["tasks"], "key_projects": summary["key_projects"],
        "targets": summary["targets"],
        "target_rows": [{"code": ind.code, "name": ind.name, "target": ind.target_display,
                         "value": (plain_number(ind.current) + ind.unit) if ind.current is not None else "",
                         "light": ind.light or "grey", "reason": ind.reason or ""}
                        for area in dashboard.targets_by_goal_area(as_of) for ind in area["indicators"]],
        "departments": departments, "prefectures": prefectures,
        "praised": _praised(departments) + _praised(prefectures),
        "named": [u for u in departments if u["red"]][:NAMED] + [u for u in prefectures if u["red"]][:NAMED],
        "reports": _reports(start, as_of),
        "notices": {colour: notices.get(colour, 0) for colour in NoticeColour.values},
        "open_problems": problems["count"],
    }
    if kind == BulletinKind.FINAL:
        evaluation = final_evaluation(today)
        figures["final"] = {
            "items": evaluation.item_counts, "targets": evaluation.target_counts,
            "not_achieved": [{"code": r.indicator.code, "name": r.indicator.name, "note": r.note}
                             for r in evaluation.targets if r.outcome == "not_achieved"],
            "units": [_record(r) for r in evaluation.units],
            "prefectures": [_record(r) for r in evaluation.prefectures]}
    return figures


def default_paragraphs(figures: dict) -> dict:
    """The paragraphs a draft starts with, written from its figures (in Chinese, as the document is)."""
    day = date.fromisoformat(figures["snapshot_date"])
    tasks, projects = figures["tasks"], figures["key_projects"]
    lit = "、".join(f"{LIGHT_WORDS[light]}{tasks[light] + projects[light]}项" for light in ("green", "yellow", "red")
                   if tasks[light] + projects[light])
    overview = (f"截至{day:%Y年%m月%d日}，规划{sum(tasks.values())}项重点任务和{sum(projects.values())}项重点工程"
                f"平均完成度{plain_number(figures['progress'] or 0)}%，其中{lit or '尚无亮灯结果'}。"
                f"{figures['targets'].get('achieved', 0)}项主要指标已实现目标，"
                f"{figures['targets'].get('off_track', 0)}项严重滞后。")
    if "final" in figures:
        items = figures["final"]["items"]
        overview += (f"规划期内，按期完成{items['completed_on_time']}项、逾期完成{items['completed_late']}项、"
                     f"未完成{items['not_completed']}项、持续推进{items['ongoing']}项。")
    praised = "、".join(u["unit"] for u in figures["praised"])
    named = "、".join(u["unit"] for u in figures["named"])
    return {
        "overview": overview,
        "praise": f"{praised}等单位推进有力，所牵头事项无红灯，予以表扬。" if praised else "",
        "criticism": f"{named}等单位红灯事项较多，进度滞后，予以通报。" if named else "",
        "requirements": "请各单位对照本通报所列红灯、黄灯事项，逐项分析原因，制定整改措施，明确完成时限，"
                        "于15个工作日内将整改情况报省应急管理厅。",
    }
