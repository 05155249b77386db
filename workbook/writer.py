"""The annual evaluation workbook (年度评估台账): every sheet a clerk would assemble by hand, written with
xlsxwriter in constant-memory mode (rows stream to disk as they are written), scoped to what the user may see.

Lights come from the newest snapshot on or before the as-of date, so an export reproduces what the portal
showed that day."""

from collections import defaultdict
from dataclasses import asdict, dataclass
from datetime import date

from django.db.models import Count, Max, OuterRef, Subquery
from django.utils import timezone, translation

from agencies.models import Agency, ResponsibilityRole
from core.dates import PLAN_END
from core.lights import Assessment, Light
from core.text import clean_text
from core.xlsx import StyledWorkbook, print_setup
from evaluation.final import ItemOutcome, final_evaluation
from evaluation.models import ScoringScheme
from evaluation.permissions import can_read_evaluation, can_read_score_of
from evaluation.scoring import UNIT_KINDS, year_scores
from indicators.models import PROVENANCE, Indicator
from indicators.selectors import with_current_value
from problems.models import PROBLEM_STATES_ZH
from problems.selectors import problem_list
from projects.models import KeyProject, Safeguard
from reporting.models import COUNTED, PrefectureReport, ProgressEntry, ReportIndicatorLine
from reporting.permissions import visible_entries_q, visible_reports
from reporting.selectors import Completeness, parts_of_items
from revisions.excel import revision_summary, revisions_sheet
from revisions.selectors import revision_list, revisions_in_order
from snapshots.models import LightSnapshot, SubjectKind
from snapshots.selectors import shown_reason
from supervision.permissions import sees_unit_row
from tasks.models import STATUS_LABELS_ZH, Plan, Task
from tasks.permissions import visible_items

ASSESSMENT_LABELS = {Assessment.ACHIEVED: "已实现", Assessment.ON_TRACK: "进展正常", Assessment.AT_RISK: "存在风险",
                     Assessment.OFF_TRACK: "严重滞后", Assessment.NOT_ASSESSED: "暂无法评估"}
COMPARATORS = {">=": "≥", "<=": "≤", "=": "="}
ITEM_COLUMNS = [("编号", 9), ("分组", 24), ("名称", 28), ("牵头单位", 16), ("配合单位", 30), ("完成时限", 12),
                ("状态", 10), ("完成度", 9), ("亮灯", 8), ("亮灯原因", 36), ("最新进展", 44), ("存在问题", 30),
                ("下一步计划", 30), ("最近更新", 17), ("更新人", 12), ("佐证材料数", 10), ("规划调整", 36)]


@dataclass
class ExportFilters:
    year: int
    as_of: date
    agency: int | None = None
    prefecture: int | None = None
    group: int | None = None

    def as_json(self) -> dict:
        data = asdict(self)
        data["as_of"] = self.as_of.isoformat()
        return data

    @classmethod
    def from_json(cls, data: dict) -> "ExportFilters":
        return cls(**{**data, "as_of": date.fromisoformat(data["as_of"])})

    def describe(self) -> str:
        parts = [f"年度:{self.year}", f"截至:{self.as_of:%Y-%m-%d}"]
        names = dict(Agency.objects.filter(pk__in=[p for p in (self.agency, self.prefecture) if p])
                     .values_list("pk", "name"))
        if self.agency:
            parts.append(f"单位:{names.get(self.agency, self.agency)}")
        if self.prefecture:
            parts.append(f"州市:{names.get(self.prefecture, self.prefecture)}")
        if self.group:
            parts.append(f"任务分组:({self.group})")
        return ";".join(parts)


def _snapshot_date(as_of: date):
    return LightSnapshot.objects.filter(date__lte=as_of).aggregate(d=Max("date"))["d"]


def _lights(kind, snapshot, user=None):
    """The lights of one kind in the snapshot, their reasons as `user` may read them (snapshots.selectors)."""
    if snapshot is None:
        return {}
    rows = {row.subject_id: row for row in LightSnapshot.objects.filter(kind=kind, date=snapshot)}
    for row in rows.values():
        row.reason = shown_reason(row, user)
    return rows


def _items(model, user, filters: ExportFilters):
    latest = ProgressEntry.objects.filter(**{model.ITEM_KIND: OuterRef("pk")}, kind="status_update").order_by(
        "-created_at")
    items = visible_items(user, model.objects.all())
    for agency in (filters.agency, filters.prefecture):
        if agency:
            items = items.for_agency(Agency.objects.get(pk=agency))
    if filters.group and model is Task:
        items = items.filter(group__number=filters.group)
    related = ["status_updated_by"] + (["merged_into"] if model is Task else []) + \
        (["group"] if model is not Safeguard else [])
    # A safeguard measure has no group and is never revised (it has no deadline or target).
    revisions = ["revisions__merged_into"] if model is not Safeguard else []
    return (items.select_related(*related)
            .prefetch_related("responsibilities__agency", *revisions)
            .annotate(narrative=Subquery(latest.values("narrative")[:1]),
                      problems=Subquery(latest.values("problems")[:1]),
                      next_steps=Subquery(latest.values("next_steps")[:1]),
                      evidence_count=Count("progress_entries__evidence", distinct=True,
                                           filter=visible_entries_q(user, path="progress_entries__")))
            .order_by("order" if model is Task else "number"))


def _item_row(item, light):
    responsibilities = item.ordered_responsibilities()
    lead = responsibilities[0].agency.name if responsibilities else ""
    participants = "、".join(r.agency.name for r in responsibilities[1:])
    deadline = (item.deadline, "date") if item.deadline else ("持续推进" if item.is_ongoing else "", "text")
    group = str(item.group) if hasattr(item, "group") else "五、保障措施"
    return [(item.code, "text"), (group, "text"), (item.title, "text"), (lead, "text"),
            (participants, "text"), deadline, (_status_label(item), "text"),
            (item.percent, "percent"), (light.light if light else "", "light"), (light.reason if light else "", "text"),
            (item.narrative or "", "text"), (item.problems or "", "text"), (item.next_steps or "", "text"),
            (item.status_updated_at, "datetime"),
            (item.status_updated_by.username if item.status_updated_by else "", "text"),
            (item.evidence_count, "number"), (revision_summary(revisions_in_order(item)), "text")]


def _status_label(item) -> str:
    if item.is_active:
        return STATUS_LABELS_ZH.get(item.status, item.status)
    return f"已并入{item.merged_into.code}" if getattr(item, "merged_into_id", None) else "不适用"


def export_size(*, user, filters: ExportFilters) -> int:
    """About how many rows the workbook will hold (for the progress bar, and to choose between building it now
    and a background job); the finished export records the exact count."""
    items = sum(_items(model, user, filters).count() for model in (Task, KeyProject, Safeguard))
    reports = visible_reports(user, PrefectureReport.objects.filter(period__year=filters.year)).count()
    indicators = Indicator.objects.count() + Indicator.objects.filter(per_prefecture=True).count()
    return items * 2 + reports + indicators + Agency.objects.count()


def export_workbook(*, user, filters: ExportFilters, target, progress=None) -> int:
    """Write the evaluation workbook to `target` (a path or a binary file); returns the rows written."""
    snapshot = _snapshot_date(filters.as_of)
    book = StyledWorkbook(target, progress)
    task_lights = _lights(SubjectKind.TASK, snapshot, user)
    project_lights = _lights(SubjectKind.KEY_PROJECT, snapshot, user)
    tasks, projects, safeguards = (list(_items(model, user, filters)) for model in (Task, KeyProject, Safeguard))
    # Safeguards are listed with their lights; the cover and the tallies count the plan's tasks and key projects.
    _cover(book, user, filters, snapshot, [i for i in tasks if i.is_active], [i for i in projects if i.is_active],
           task_lights, project_lights)
    for name, items, lights in (("重点任务", tasks, task_lights), ("重点工程", projects, project_lights),
                                ("保障措施", safeguards, _lights(SubjectKind.SAFEGUARD, snapshot, user))):
        sheet = book.sheet(name, ITEM_COLUMNS)
        for row, item in enumerate(items, start=1):
            book.write_row(sheet, row, _item_row(item, lights.get(item.pk)))
        book.finish(sheet, len(items), ITEM_COLUMNS)
    _targets(book, filters, snapshot)
    _prefecture_values(book, user, filters)
    _reporting(book, user, filters)
    # Items the plan no longer counts (not applicable, merged) are listed above but left out of every tally.
    tasks, projects = [i for i in tasks if i.is_active], [i for i in projects if i.is_active]
    _overdue(book, filters, tasks, projects, task_lights, project_lights)
    _units(book, tasks, projects, task_lights, project_lights)
    _parts(book, user, snapshot, (("任务", tasks), ("重点工程", projects), ("保障措施", safeguards)))
    revisions_sheet(book, revision_list(user=user).filter(effective_from__lte=filters.as_of))
    _problems(book, user, filters)
    _scores(book, user, filters)
    # The final evaluation once there is one: the plan period has ended.
    if filters.year >= PLAN_END.year and timezone.localdate() > PLAN_END and can_read_evaluation(user):
        _final_evaluation(book)
    book.close()
    return book.rows_written


def _cover(book, user, filters, snapshot, tasks, projects, task_lights, project_lights):
    sheet = book.book.add_worksheet("封面")
    sheet.set_column(0, 0, 22)
    sheet.set_column(1, 6, 14)
    print_setup(sheet, [22] + [14] * 6)
    plan = Plan.objects.first()
    sheet.write_string(0, 0, f"{plan.title if plan else ''} {filters.year}年度评估台账", book.title)
    rows = [("评估年度", filters.year), ("截至日期", filters.as_of.isoformat()),
            ("亮灯快照日期", snapshot.isoformat() if snapshot else "该日期前尚无亮灯快照"),
            ("筛选条件", filters.describe()), ("导出人", user.get_full_name() or user.username),
            ("导出时间", timezone.localtime().strftime("%Y-%m-%d %H:%M"))]
    for row, (label, value) in enumerate(rows, start=2):
        sheet.write_string(row, 0, label, book.header)
        if isinstance(value, str):  # the exporter's name is typed text: a string, even if it starts with "="
            sheet.write_string(row, 1, clean_text(value), book.text)
        else:
            sheet.write_number(row, 1, value, book.number)
    top = len(rows) + 3
    headers = ["类别", "绿灯", "黄灯", "红灯", "灰灯", "合计", "平均完成度"]
    for col, header in enumerate(headers):
        sheet.write_string(top, col, header, book.header)
    for offset, (label, items, lights) in enumerate((("重点任务", tasks, task_lights),
                                                    ("重点工程", projects, project_lights)), start=1):
        counts = defaultdict(int)
        for item in items:
            light = lights.get(item.pk)
            counts[light.light if light else Light.GREY] += 1
        sheet.write_string(top + offset, 0, label, book.text)
        for col, light in enumerate((Light.GREEN, Light.YELLOW, Light.RED, Light.GREY), start=1):
            sheet.write_number(top + offset, col, counts[light], book.lights[light])
        sheet.write_number(top + offset, 5, len(items), book.number)
        mean = sum(i.percent for i in items) / len(items) / 100 if items else 0
        sheet.write_number(top + offset, 6, mean, book.percent)


TARGET_COLUMNS = [("编号", 7), ("指标", 34), ("单位", 7), ("比较", 6), ("基期值", 10), ("基期年份", 9),
                  ("目标值", 10), ("目标年份", 9), ("现值", 10), ("现值日期", 12), ("现值来源", 16), ("进度", 9),
                  ("评估结论", 11), ("亮灯", 8), ("说明", 40), ("所属任务/工程", 14), ("规划调整", 36)]


def _targets(book, filters, snapshot):
    indicators = with_current_value(Indicator.objects.select_related("task", "key_project").prefetch_related(
        "revisions"), as_of=filters.as_of).order_by("code")
    lights = _lights(SubjectKind.INDICATOR, snapshot)
    sheet = book.sheet("主要指标", TARGET_COLUMNS)
    count = 0
    for count, ind in enumerate(indicators, start=1):
        light = lights.get(ind.pk)
        source = (ind.task or ind.key_project).code if ind.task_id or ind.key_project_id else "主要目标"
        book.write_row(sheet, count, [
            (ind.code, "text"), (ind.name, "text"), (ind.unit, "text"), (COMPARATORS[ind.comparator], "text"),
            (ind.baseline_value, "number"), (ind.baseline_year, "number"), (ind.target_value, "number"),
            (ind.target_year, "number"), (ind.current, "number"), (ind.current_date, "date"),
            (str(PROVENANCE[ind.current_rolled_up]) if ind.current_date else "", "text"),
            (light.progress if light and light.progress is not None else None, "percent"),
            (ASSESSMENT_LABELS.get(light.assessment, "") if light else "", "text"),
            (light.light if light else "", "light"), (light.reason if light else "", "text"), (source, "text"),
            (revision_summary(revisions_in_order(ind)), "text")])
    book.finish(sheet, count, TARGET_COLUMNS)


def _prefecture_values(book, user, filters):
    """Per-prefecture values of the year's latest reported period, prefectures as columns."""
    prefectures = list(Agency.objects.prefectures().order_by("order"))
    if filters.prefecture:
        prefectures = [p for p in prefectures if p.pk == filters.prefecture]
    reports = visible_reports(user, PrefectureReport.objects.filter(period__year=filters.year,
                                                                    status__in=COUNTED))
    lines = ReportIndicatorLine.objects.filter(report__in=reports).select_related("report__period").order_by(
        "report__period__start")
    values = {}
    for line in lines:  # later periods overwrite earlier ones: the year's latest value wins
        values[(line.indicator_id, line.report.prefecture_id)] = line.value
    columns = [("编号", 7), ("指标", 30), ("单位", 7)] + [(p.short_name or p.name, 10) for p in prefectures]
    sheet = book.sheet("州市指标数值", columns)
    count = 0
    for count, ind in enumerate(Indicator.objects.filter(per_prefecture=True).order_by("code"), start=1):
        book.write_row(sheet, count, [(ind.code, "text"), (ind.name, "text"), (ind.unit, "text")] + [
            (values.get((ind.pk, p.pk)), "number") for p in prefectures])
    book.finish(sheet, count, columns)


REPORTING_COLUMNS = [("州市", 16), ("报送周期", 14), ("截止日期", 12), ("应报", 7), ("已报", 7), ("按时", 7),
                     ("逾期", 7), ("未报", 7), ("报送率", 9), ("及时率", 9)]


def _reporting(book, user, filters):
    reports = visible_reports(user, PrefectureReport.objects.filter(period__year=filters.year))
    if filters.prefecture:
        reports = reports.filter(prefecture_id=filters.prefecture)
    sheet = book.sheet("州市报送", REPORTING_COLUMNS)
    count = 0
    for count, report in enumerate(reports.select_related("prefecture", "period").order_by(
            "prefecture__order", "period__start"), start=1):
        submitted = report.first_submitted_at is not None and report.first_submitted_at.date() <= filters.as_of
        c = Completeness(1, int(submitted), int(submitted and not report.is_late), int(submitted and report.is_late),
                         filters.as_of > report.period.due_date)
        book.write_row(sheet, count, [
            (report.prefecture.name, "text"), (str(report.period), "text"), (report.period.due_date, "date"),
            (c.expected, "number"), (c.submitted, "number"), (c.on_time, "number"), (c.late, "number"),
            (c.missing, "number"), (c.reporting_rate, "percent"), (c.on_time_rate, "percent")])
    book.finish(sheet, count, REPORTING_COLUMNS)


OVERDUE_COLUMNS = [("类型", 8), ("编号", 9), ("名称", 30), ("牵头单位", 16), ("责任单位", 40), ("完成时限", 12),
                   ("逾期天数", 9), ("完成度", 9), ("亮灯原因", 44)]


def _overdue(book, filters, tasks, projects, task_lights, project_lights):
    sheet = book.sheet("逾期事项", OVERDUE_COLUMNS)
    count = 0
    for label, items, lights in (("任务", tasks, task_lights), ("重点工程", projects, project_lights)):
        for item in items:
            light = lights.get(item.pk)
            if not light or light.light != Light.RED:
                continue
            count += 1
            names = [r.agency.name for r in item.ordered_responsibilities()]
            days = (filters.as_of - item.deadline).days if item.deadline else None
            book.write_row(sheet, count, [
                (label, "text"), (item.code, "text"), (item.title, "text"), (names[0] if names else "", "text"),
                ("、".join(names), "text"), (item.deadline, "date"), (days, "number"), (item.percent, "percent"),
                (light.reason, "text")])
    book.finish(sheet, count, OVERDUE_COLUMNS)


UNIT_COLUMNS = [("单位", 24), ("牵头事项", 9), ("牵头·红灯", 9), ("牵头·黄灯", 9), ("牵头·绿灯", 9),
                ("配合事项", 9), ("配合·红灯", 9), ("配合·黄灯", 9), ("配合·绿灯", 9)]


def _units(book, tasks, projects, task_lights, project_lights):
    tally = defaultdict(lambda: defaultdict(int))
    for items, lights in ((tasks, task_lights), (projects, project_lights)):
        for item in items:
            light = lights.get(item.pk)
            for r in item.ordered_responsibilities():
                role = "lead" if r.role == ResponsibilityRole.LEAD else "part"
                tally[r.agency][role] += 1
                if light:
                    tally[r.agency][f"{role}-{light.light}"] += 1
    sheet = book.sheet("单位汇总", UNIT_COLUMNS)
    agencies = sorted(tally, key=lambda a: (-tally[a]["lead-red"] - tally[a]["part-red"], a.order))
    for row, agency in enumerate(agencies, start=1):
        t = tally[agency]
        book.write_row(sheet, row, [(agency.name, "text")] + [
            (t[key], "number") for key in ("lead", "lead-red", "lead-yellow", "lead-green",
                                           "part", "part-red", "part-yellow", "part-green")])
    book.finish(sheet, len(agencies), UNIT_COLUMNS)



PART_COLUMNS = [("类型", 8), ("编号", 9), ("事项名称", 26), ("责任单位", 18), ("分解事项", 26), ("分项时限", 12),
                ("年度目标", 22), ("状态", 10), ("完成度", 9), ("亮灯", 7), ("亮灯原因", 44), ("最新进展", 40),
                ("更新时间", 17)]


def _parts(book, user, snapshot, kinds):
    """单位分项: each responsible unit's own part of each item listed, as far as the user sees units' rows (a
    prefecture its own, never another prefecture's)."""
    lights = _lights(SubjectKind.UNIT_PART, snapshot)
    parts = parts_of_items([item for _label, items in kinds for item in items])
    sheet = book.sheet("单位分项", PART_COLUMNS)
    count = 0
    for label, items in kinds:
        for item in items:
            for part in parts.get((type(item).ITEM_KIND, item.pk), ()):
                if not sees_unit_row(user, part.agency):
                    continue
                count += 1
                light = lights.get(part.pk)
                book.write_row(sheet, count, [
                    (label, "text"), (item.code, "text"), (item.title, "text"), (part.agency.name, "text"),
                    (part.title, "text"), (part.deadline or item.deadline, "date"),
                    ("；".join(str(m) for m in part.milestones.all()), "text"),
                    (STATUS_LABELS_ZH.get(part.status, part.status), "text"), (part.percent, "percent"),
                    (light.light if light else "", "light"), (light.reason if light else "", "text"),
                    (part.narrative, "text"), (part.status_updated_at, "datetime")])
    book.finish(sheet, count, PART_COLUMNS)


PROBLEM_COLUMNS = [("事项", 30), ("单位", 18), ("问题", 50), ("状态", 10), ("协调单位", 16), ("协助单位", 24),
                   ("提出时间", 17), ("说明", 36)]


def _problems(book, user, filters):
    """问题清单: the problems the user may read, raised by the as-of date, oldest first."""
    problems = problem_list(user=user).filter(raised_at__date__lte=filters.as_of).order_by("raised_at", "pk")
    sheet = book.sheet("问题清单", PROBLEM_COLUMNS)
    count = 0
    for count, problem in enumerate(problems, start=1):
        book.write_row(sheet, count, [
            (str(problem.item) if problem.item else "", "text"), (problem.agency.name, "text"),
            (problem.text, "text"), (PROBLEM_STATES_ZH[problem.state], "text"),
            (problem.owner.name if problem.owner else "", "text"),
            ("、".join(unit.name for unit in problem.helpers.all()), "text"), (problem.raised_at, "datetime"),
            (problem.state_note, "text")])
    book.finish(sheet, count, PROBLEM_COLUMNS)


SCORE_COLUMNS = [("类别", 8), ("排名", 6), ("单位", 24), ("计算得分", 9), ("调整", 7), ("总分", 8), ("得分说明", 60),
                 ("调整说明", 36)]


def _scores(book, user, filters):
    """考核评分 of the year, where the year has a scheme: each unit the user may read, every point explained."""
    scheme = ScoringScheme.objects.filter(year=filters.year).first()
    if scheme is None:
        return
    scores = [score for score in year_scores(scheme) if can_read_score_of(user, score.agency)]
    sheet = book.sheet("考核评分", SCORE_COLUMNS)
    for row, score in enumerate(scores, start=1):
        book.write_row(sheet, row, [
            (UNIT_KINDS[score.kind], "text"), (score.rank, "number"), (score.agency.name, "text"),
            (score.computed, "number"), (score.adjusted_by if score.adjustments else None, "number"),
            (score.total, "number"), ("\n".join(c.explanation for c in score.criteria), "text"),
            ("\n".join(f"{a.points:+}分：{a.reason}" for a in score.adjustments), "text")])
    book.finish(sheet, len(scores), SCORE_COLUMNS)


FINAL_ITEM_COLUMNS = [("类型", 8), ("编号", 9), ("名称", 30), ("牵头单位", 18), ("完成时限", 12), ("评估结论", 12),
                      ("完成日期", 12), ("说明", 40)]
FINAL_TARGET_COLUMNS = [("编号", 7), ("指标", 34), ("目标", 12), ("期末值", 10), ("期末值日期", 12), ("评估结论", 11),
                        ("差距", 10), ("说明", 44)]
FINAL_UNIT_COLUMNS = [("类别", 8), ("单位", 24), ("事项", 7), ("按期完成", 9), ("逾期完成", 9), ("未完成", 8),
                      ("持续推进", 9), ("撤销或合并", 10), ("完成率", 9), ("按时报送", 9), ("逾期报送", 9),
                      ("未报送", 8)]


def _final_evaluation(book):
    """终期评估 of 2021–2025 (evaluation.final), in the workbook of the plan's last year and after: what became of
    each item and target, and each unit's and prefecture's record. Labels in Chinese, as the whole workbook."""
    evaluation = final_evaluation()
    with translation.override("zh-hans"):
        sheet = book.sheet("终期评估-事项", FINAL_ITEM_COLUMNS)
        for row, result in enumerate(evaluation.items, start=1):
            item = result.item
            lead = item.lead_agency
            book.write_row(sheet, row, [
                ("任务" if isinstance(item, Task) else "重点工程", "text"), (item.code, "text"), (item.title, "text"),
                (lead.name if lead else "", "text"),
                (result.deadline, "date") if result.deadline else (item.deadline_text, "text"),
                (str(result.outcome.label), "text"), (result.completed_on, "date"), (result.note, "text")])
        book.finish(sheet, len(evaluation.items), FINAL_ITEM_COLUMNS)
        sheet = book.sheet("终期评估-指标", FINAL_TARGET_COLUMNS)
        for row, result in enumerate(evaluation.targets, start=1):
            indicator = result.indicator
            book.write_row(sheet, row, [
                (indicator.code, "text"), (indicator.name, "text"), (result.target_display, "text"),
                (result.final_value, "number"), (result.final_date, "date"), (str(result.outcome.label), "text"),
                (result.gap, "number"), (result.note, "text")])
        book.finish(sheet, len(evaluation.targets), FINAL_TARGET_COLUMNS)
    sheet = book.sheet("终期评估-单位", FINAL_UNIT_COLUMNS)
    records = [("省级单位", record) for record in evaluation.units] + [("州市", r) for r in evaluation.prefectures]
    for row, (kind, record) in enumerate(records, start=1):
        reports = record.reports
        book.write_row(sheet, row, [(kind, "text"), (record.agency.name, "text"), (record.items, "number")] + [
            (record.outcomes[outcome], "number") for outcome in ItemOutcome.values] + [
            (record.completion_rate, "percent"), (reports.on_time if reports else None, "number"),
            (reports.late if reports else None, "number"), (reports.missing if reports else None, "number")])
    book.finish(sheet, len(records), FINAL_UNIT_COLUMNS)
