"""Dashboard figures, read from the newest snapshots with a fixed number of aggregate queries (none grows with
the number of tasks, reports or values). `scope` narrows to one agency or one prefecture."""

import hashlib
from dataclasses import dataclass
from datetime import date

from django.db import connection
from django.db.models import Avg, Count, F, Max, Min, OuterRef, Q, Subquery, Sum, Value
from django.db.models.functions import Coalesce, Collate
from django.utils import timezone

from agencies.models import Agency, ResponsibilityRole
from core.dates import HORIZON_END, PLAN_END
from core.lights import LIGHT_RANK, Assessment, Light
from indicators.models import Indicator, IndicatorValue
from indicators.selectors import with_current_value
from projects.models import KeyProject
from reporting.models import COUNTED, PrefectureReport, ReportingPeriod, ReportStatus, UnitPart
from reporting.selectors import COMPLETENESS_ANNOTATIONS, Completeness, completeness_by_prefecture, latest_lines
from snapshots.models import LightSnapshot, RollupScope, RollupSnapshot, SubjectKind
from snapshots.selectors import cached_by_snapshot, lights_of
from tasks.models import ItemScope, ItemStatus, Task, TaskGroup

LIGHTS = [Light.GREEN, Light.YELLOW, Light.RED, Light.GREY]


@dataclass
class Scope:
    """The whole plan, or the items of one agency or prefecture (its own and through collectives); as of today, or
    of a past date (`as_of`): then the snapshots of that date or the last before it are read."""

    agency: Agency | None = None
    as_of: date | None = None

    def day(self, model, **filters):
        """The date of the snapshot to read: the newest, or the newest on or before `as_of`."""
        if self.as_of:
            filters["date__lte"] = self.as_of
        return _latest(model, **filters)

    @property
    def today(self) -> date:
        return self.as_of or timezone.localdate()

    def task_ids(self):
        return Task.objects.for_agency(self.agency).values("pk") if self.agency else None

    def project_ids(self):
        return KeyProject.objects.for_agency(self.agency).values("pk") if self.agency else None


def first_snapshot_date() -> date | None:
    """The first day with lights: a past view of the dashboard goes no further back."""
    return LightSnapshot.objects.aggregate(d=Min("date"))["d"]


def _latest(model, **filters):
    return model.objects.filter(**filters).aggregate(d=Max("date"))["d"]


def _light_counts(kind, ids, day) -> dict:
    rows = LightSnapshot.objects.filter(kind=kind, date=day)
    if ids is not None:
        rows = rows.filter(subject_id__in=ids)
    counts = dict(rows.values_list("light").annotate(n=Count("pk")))
    return {light: counts.get(light, 0) for light in LIGHTS}


def summary(scope: Scope) -> dict:
    """Headline figures: average progress (a plain mean), items by light, targets by assessment, reports, days
    to 2025."""
    today = scope.today
    task_ids = project_ids = None
    if scope.agency:  # the items are part of the key: a change of responsibilities shows at once
        task_ids, project_ids = sorted(scope.task_ids().values_list("pk", flat=True)), sorted(
            scope.project_ids().values_list("pk", flat=True))
    key = f"dashboard-summary:{scope.as_of}:{_ids_key(task_ids)}:{_ids_key(project_ids)}"
    figures = cached_by_snapshot(key, lambda: _snapshot_figures(scope, task_ids, project_ids))
    # The period is chosen first and only its reports counted (counting every period's and keeping one was 17 ms
    # nationally, bench/).
    current = ReportingPeriod.objects.filter(start__lte=today).order_by("-start").values("pk")[:1]
    period = ReportingPeriod.objects.filter(pk=Subquery(current)).annotate(**COMPLETENESS_ANNOTATIONS).first()
    reports = None
    # Comparing prefectures is for those who see them all; reports are counted as they stand now, so not in a
    # view of a past date.
    if period and scope.agency is None and scope.as_of is None:
        c = Completeness(period.expected, period.submitted, period.on_time, period.late, today > period.due_date)
        reports = {"period": str(period), "expected": c.expected, "on_time": c.on_time, "late": c.late,
                   "missing": c.missing, "on_time_rate": c.on_time_rate, "reporting_rate": c.reporting_rate}
    return {**figures, "reports": reports, "days_to_2025_end": (PLAN_END - today).days,
            "days_to_2035_end": (HORIZON_END - today).days}


def _ids_key(ids: list[int] | None) -> str:
    return "all" if ids is None else hashlib.sha256(",".join(map(str, ids)).encode()).hexdigest()[:32]


def _snapshot_figures(scope: Scope, task_ids: list[int] | None, project_ids: list[int] | None) -> dict:
    """What the summary reads from the snapshot alone: its date, progress, items by light, targets by assessment."""
    day = scope.day(LightSnapshot)
    tasks = _light_counts(SubjectKind.TASK, task_ids, day)
    projects = _light_counts(SubjectKind.KEY_PROJECT, project_ids, day)
    items = LightSnapshot.objects.filter(date=day, kind__in=[SubjectKind.TASK, SubjectKind.KEY_PROJECT])
    if scope.agency:
        items = items.filter(kind=SubjectKind.TASK, subject_id__in=task_ids) | items.filter(
            kind=SubjectKind.KEY_PROJECT, subject_id__in=project_ids)
    progress = items.aggregate(avg=Avg("progress"))["avg"]
    assessments = dict(LightSnapshot.objects.filter(kind=SubjectKind.INDICATOR, date=day)
                       .values_list("assessment").annotate(n=Count("pk")))
    return {
        "snapshot_date": day.isoformat() if day else None,
        "progress": round(progress, 1) if progress is not None else None,
        "tasks": tasks, "key_projects": projects,
        "targets": {a: assessments.get(a, 0) for a in Assessment.values},
        "targets_total": sum(assessments.values()),
    }


TARGETS_SHOWN = 12  # per goal area; Yunnan has two at most, so all are shown. Nationally, the worst lights first.


def targets_by_goal_area(as_of: date | None = None) -> list[dict]:
    """The 2025 headline targets, grouped by the five goal areas, with the value in force and light (today's, or
    `as_of`'s). Beyond TARGETS_SHOWN in an area, the page shows the ones furthest behind and links to the full
    list."""
    day = Scope(as_of=as_of).day(LightSnapshot)
    # Which targets to show is chosen on their codes and lights alone; only those shown (nationally 60 of
    # thousands) are read whole, with their values in force (bench/).
    targets = Indicator.objects.filter(goal_area__isnull=False)
    candidates = list(targets.order_by("goal_area__number", "code").values_list("pk", "code", "goal_area_id"))
    # The day's lights in one read rather than three lookups per target: right after the nightly job the planner
    # has no statistics for the new date yet and would answer each lookup by scanning the whole day (bench/).
    day_lights = LightSnapshot.objects.filter(kind=SubjectKind.INDICATOR, date=day)
    light_of = dict(day_lights.filter(subject_id__in=targets.values("pk")).values_list("subject_id", "light"))
    by_area: dict = {}
    for pk, code, area_id in candidates:
        by_area.setdefault(area_id, []).append((pk, code))
    chosen, more = [], {}
    for area_id, rows in by_area.items():
        if len(rows) > TARGETS_SHOWN:
            rows = sorted(rows, key=lambda row: (LIGHT_RANK[light_of.get(row[0])], row[1]))[:TARGETS_SHOWN]
            more[area_id] = len(by_area[area_id]) - TARGETS_SHOWN
        chosen += [pk for pk, _code in rows]
    lights = {row["subject_id"]: row for row in day_lights.filter(subject_id__in=chosen).values(
        "subject_id", "light", "reason", "progress")}
    shown: dict = {}
    for ind in with_current_value(Indicator.objects.filter(pk__in=chosen).select_related("goal_area"),
                                  as_of=as_of).order_by("goal_area__number", "code"):
        light = lights.get(ind.pk, {})
        ind.light, ind.reason, ind.progress = light.get("light"), light.get("reason"), light.get("progress")
        # the value in force with where it comes from and its date, shown as the target's page shows it
        ind.in_force = IndicatorValue(value=ind.current, as_of=ind.current_date, rolled_up=ind.current_rolled_up) \
            if ind.current_date else None
        shown.setdefault(ind.goal_area, []).append(ind)
    return [{"area": area, "indicators": rows, "more": more.get(area.pk, 0)} for area, rows in shown.items()]


def groups(scope: Scope) -> list[dict]:
    """Task groups with their counts per light (stacked bars); a click opens the group's task list."""
    day = scope.day(LightSnapshot)
    rows = LightSnapshot.objects.filter(kind=SubjectKind.TASK, date=day)
    if scope.agency:
        rows = rows.filter(subject_id__in=scope.task_ids())
    group_of = dict(Task.objects.values_list("pk", "group__number"))
    counts: dict = {}
    for subject_id, light in rows.values_list("subject_id", "light"):
        counts.setdefault(group_of[subject_id], dict.fromkeys(LIGHTS, 0))[light] += 1
    return [{"number": g.number, "title": str(g), **counts.get(g.number, dict.fromkeys(LIGHTS, 0))}
            for g in TaskGroup.objects.order_by("number")]


def units(limit: int = 15, as_of: date | None = None) -> list[dict]:
    """Agencies ranked by red, then yellow items, as lead and as participant (the shape of a 督办 bulletin).
    Ranked in the database once per snapshot: nationally there are thousands of agencies and the bulletin shows
    fifteen. The names are read as they are now."""
    ranked = cached_by_snapshot(f"dashboard-units:{limit}:{as_of}", lambda: _units_ranked(limit, as_of))
    names = dict(Agency.objects.filter(pk__in=[row["id"] for row in ranked]).values_list("pk", "name"))
    return [{**row, "agency": names.get(row["id"], row["agency"])} for row in ranked]


def _units_ranked(limit: int, as_of: date | None) -> list[dict]:
    day = Scope(as_of=as_of).day(RollupSnapshot)
    lead, part = Q(scope=RollupScope.AGENCY_LEAD), Q(scope=RollupScope.AGENCY_PARTICIPANT)
    name = Agency.objects.filter(pk=OuterRef("scope_id")).values("name")[:1]
    # Names tie-break in code-point order (as Python sorts), whatever the database's collation.
    by_code_point = "C" if connection.vendor == "postgresql" else "BINARY"
    rows = (RollupSnapshot.objects.filter(date=day, scope__in=[RollupScope.AGENCY_LEAD,
                                                               RollupScope.AGENCY_PARTICIPANT])
            .values("scope_id")
            .annotate(lead_red=Sum("red", filter=lead, default=0), lead_yellow=Sum("yellow", filter=lead, default=0),
                      part_red=Sum("red", filter=part, default=0), part_yellow=Sum("yellow", filter=part, default=0),
                      agency=Coalesce(Subquery(name), Value("")))
            .order_by((F("lead_red") + F("part_red")).desc(), (F("lead_yellow") + F("part_yellow")).desc(),
                      Collate("agency", by_code_point), "scope_id")[:limit])
    return [{"agency": row["agency"], "id": row["scope_id"], "lead_red": row["lead_red"],
             "lead_yellow": row["lead_yellow"], "part_red": row["part_red"], "part_yellow": row["part_yellow"]}
            for row in rows]


def most_overdue(limit: int = 10) -> list[dict]:
    """The tasks and key projects furthest past their deadline and not complete, the least done first among those
    due the same day: the named list leadership asks about."""
    today = timezone.localdate()
    rows = []
    for model in (Task, KeyProject):
        responsibilities = model._meta.get_field("responsibilities")
        lead = (responsibilities.related_model.objects.filter(**{responsibilities.field.name: OuterRef("pk")},
                                                              role=ResponsibilityRole.LEAD)
                .order_by("position").values("agency__name")[:1])
        items = (model.objects.filter(scope=ItemScope.ACTIVE, deadline__lt=today).exclude(status=ItemStatus.COMPLETED)
                 .annotate(lead=Subquery(lead)).order_by("deadline", "percent", "pk")[:limit])
        rows += [{"item": item, "days": (today - item.deadline).days, "percent": item.percent, "lead": item.lead}
                 for item in items]
    return sorted(rows, key=lambda row: (-row["days"], row["percent"], str(row["item"])))[:limit]


MEASURES = ["reporting_rate", "on_time_rate", "red_share", "indicator"]


def prefecture_map(*, measure: str, indicator: Indicator | None = None) -> list[dict]:
    """One figure per prefecture for the map, with the others for the tooltip."""
    completeness = {a.pk: c for a, c in completeness_by_prefecture()}
    rollups = {r.scope_id: r for r in RollupSnapshot.objects.filter(
        scope=RollupScope.PREFECTURE, date=_latest(RollupSnapshot, scope=RollupScope.PREFECTURE))}
    values, pending = {}, set()
    if indicator is not None:
        lines = latest_lines(indicator=indicator, reports=PrefectureReport.objects.filter(status__in=COUNTED))
        values = {prefecture_id: float(line.value) for prefecture_id, line in lines.items()}
        # a value in a report the office has not accepted yet: shown, marked, and not in the provincial value
        pending = {prefecture_id for prefecture_id, line in lines.items()
                   if line.report.status != ReportStatus.ACCEPTED}
    result = []
    for prefecture in Agency.objects.prefectures().order_by("order"):
        c, r = completeness[prefecture.pk], rollups.get(prefecture.pk)
        red_share = round(100 * r.red / r.total, 1) if r and r.total else None
        figures = {"reporting_rate": c.reporting_rate if c.expected else None,
                   "on_time_rate": c.on_time_rate if c.expected else None, "red_share": red_share,
                   "indicator": values.get(prefecture.pk)}
        result.append({"name": prefecture.name, "short": prefecture.short_name or prefecture.name,
                       "code": prefecture.code, "id": prefecture.pk,
                       "value": figures.get(measure), **figures, "indicator_pending": prefecture.pk in pending})
    return result


def trend(*, scope_name: str = RollupScope.PLAN, scope_id: int = 0, as_of: date | None = None) -> list[dict]:
    """Progress and lights per month: the last snapshot of each month (up to `as_of`)."""
    rows = RollupSnapshot.objects.filter(scope=scope_name, scope_id=scope_id).order_by("date")
    if as_of:
        rows = rows.filter(date__lte=as_of)
    months: dict = {}
    for row in rows:
        months[row.date.strftime("%Y-%m")] = row
    return [{"month": month, "progress": row.progress, "green": row.green, "yellow": row.yellow, "red": row.red,
             "grey": row.grey} for month, row in months.items()]


PARTS_SHOWN = 50


def agency_parts(agency) -> dict:
    """The unit's own parts of items (reporting.UnitPart) with today's light, the red and yellow first, at most
    PARTS_SHOWN of them; how many there are in all."""
    parts = UnitPart.objects.filter(agency=agency)
    ids = list(parts.values_list("pk", flat=True))
    lights = lights_of(kind=SubjectKind.UNIT_PART, ids=ids) if ids else {}
    order = {Light.RED: 0, Light.YELLOW: 1, Light.GREY: 2, Light.GREEN: 3}  # not judged yet: after them all
    ranked = sorted(ids, key=lambda pk: (order.get(lights[pk].light, 4) if pk in lights else 5, pk))[:PARTS_SHOWN]
    shown = {part.pk: part for part in parts.filter(pk__in=ranked).select_related("item_type")
             .prefetch_related("item", "milestones")} if ranked else {}
    return {"rows": [{"part": shown[pk], "light": lights.get(pk)} for pk in ranked], "total": len(ids)}
