"""Recomputation of every light and roll-up into dated snapshots (the nightly job and `recompute_snapshots`).

Reads the whole plan in a handful of queries, judges each subject with core.lights, and writes the day's
snapshot with one upsert per table (core.bulk), so a second run the same day rewrites the same rows."""

import logging
import time
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.db.models import Max, OuterRef, Subquery
from django.utils import timezone

from agencies.models import Agency, AgencyKind, ResponsibilityRole
from core.bulk import rows_upsert
from core.dates import PLAN_END
from core.lights import (
    Light,
    Milestone,
    PartJudgement,
    Rules,
    indicator_progress,
    item_light,
    item_overall_light,
    report_light,
)
from evaluation.final import final_evaluation
from evaluation.models import FinalEvaluationSnapshot
from indicators.models import Indicator
from indicators.selectors import value_source_text, with_current_value
from projects.models import KeyProject, KeyProjectResponsibility, Safeguard, SafeguardResponsibility
from reporting.models import PartMilestone, PrefectureReport, ProgressEntry, ReportItem, UnitPart
from reporting.services import indicator_rollups_refresh
from revisions.selectors import values_in_force
from snapshots.models import LightSnapshot, RollupScope, RollupSnapshot, SubjectKind
from snapshots.services import snapshot_stamp_renew
from tasks.models import DesignatedUnit, ItemScope, ItemStatus, Task, TaskResponsibility

logger = logging.getLogger(__name__)


@dataclass
class RecomputeReport:
    date: date
    lights: int
    rollups: int
    seconds: float

    def summary(self) -> str:
        return f"date={self.date} lights={self.lights} rollups={self.rollups} seconds={self.seconds:.2f}"


def _local_date(stamp) -> date | None:
    return timezone.localtime(stamp).date() if stamp else None


def _answering(model, responsibility_model, ids: list[int] | None) -> set[tuple[int, int]]:
    """(item id, unit id) of every unit that answers for one of the model's items today: named by the plan, a
    member of a named collective (各州、市人民政府), or named for 省级有关部门 (tasks.permissions.named_role_in)."""
    link = f"{model.ITEM_KIND}_id"
    named = responsibility_model.objects.all() if ids is None else responsibility_model.objects.filter(
        **{f"{link}__in": ids})
    members = defaultdict(list)
    for collective_id, member_id in Agency.members.through.objects.values_list("from_agency_id", "to_agency_id"):
        members[collective_id].append(member_id)
    pairs = set()
    for item_id, agency_id in named.values_list(link, "agency_id"):
        pairs.update((item_id, unit) for unit in [agency_id, *members.get(agency_id, [])])
    pairs.update((row[link], row["agency_id"]) for row in _designated(model))
    return pairs


def _parts(model, responsibility_model, ids: list[int] | None) -> tuple[dict[int, list[dict]], list[int]]:
    """The parts of the model's items (of `ids`) that units still answering for them keep, with their milestones:
    {item id: [part]}; and the ids of parts left by units no longer responsible (a designation withdrawn), which
    are not judged."""
    parts = UnitPart.objects.filter(item_type=ContentType.objects.get_for_model(model))
    if ids is not None:
        parts = parts.filter(item_id__in=ids)
    answering = _answering(model, responsibility_model, ids)
    every = parts.values("id", "item_id", "agency_id", "agency__name", "agency__kind", "deadline", "status",
                         "percent", "status_updated_at", "created_at")
    parts = [part for part in every if (part["item_id"], part["agency_id"]) in answering]
    left = [part["id"] for part in every if (part["item_id"], part["agency_id"]) not in answering]
    milestones = defaultdict(list)
    for row in PartMilestone.objects.filter(part_id__in=[part["id"] for part in parts]).values(
            "part_id", "year", "percent"):
        milestones[row["part_id"]].append(Milestone(row["year"], row["percent"]))
    # A unit's progress entries on the item count as activity on its part, as its status updates do.
    link = model.ITEM_KIND
    entries = ProgressEntry.objects.filter(**{f"{link}__isnull": False})
    if ids is not None:
        entries = entries.filter(**{f"{link}__in": ids})
    last_entry = {(row[link], row["agency_id"]): row["last"] for row in entries.values(link, "agency_id").annotate(
        last=Max("created_at"))}
    by_item = defaultdict(list)
    for part in parts:
        part["milestones"] = milestones[part["id"]]
        stamps = [stamp for stamp in (part["status_updated_at"], last_entry.get((part["item_id"], part["agency_id"])))
                  if stamp]
        part["last_update"] = max(stamps) if stamps else None
        by_item[part["item_id"]].append(part)
    return by_item, left


def _part_judgement(part: dict, *, today: date, item_deadline: date | None, rules: Rules):
    """One unit's part judged like an item: by its own deadline and its milestones where the office set them (the
    pace to its own deadline counted from when the part began), else by the item's deadline from the plan's
    start, as the lead unit's is."""
    since = _local_date(part["created_at"])
    return item_light(today=today, deadline=part["deadline"] or item_deadline, status=part["status"],
                      percent=part["percent"], last_update=_local_date(part["last_update"]), tracked_since=since,
                      rules=rules, milestones=part["milestones"],
                      start=max(since, rules.plan_start) if part["deadline"] else rules.plan_start)


def _items(model, responsibility_model, link: str, kind: str, today: date, rules: Rules, in_force: dict,
           ids: list[int] | None = None):
    """Judge every task or key project (or those of `ids`) and its units' parts; returns snapshot rows and
    {item id: (light, percent, group id, reason, {unit id: (its part's light, percent)})}.
    An item's light is its lead unit's judgement with its units' parts (core.lights.item_overall_light).
    The last update of an item is its newest progress entry or the newest submitted report that covers it.
    Deadline and scope are those in force on `today`; an item that no longer counts (not applicable, merged)
    gets no light and stays out of every roll-up."""
    rows, judged, dropped = [], {}, []
    subject = link.removesuffix("_id")
    parts, left = _parts(model, responsibility_model, ids)
    reported = ReportItem.objects.filter(**{link.removesuffix("_id"): OuterRef("pk")},
                                         report__submitted_at__isnull=False).order_by("-report__submitted_at")
    grouped = any(field.name == "group" for field in model._meta.fields)  # safeguards have no group
    items = (model.objects.filter(pk__in=ids) if ids is not None else model.objects.all()).annotate(
        last_entry=Max("progress_entries__created_at"),
        last_report=Subquery(reported.values("report__submitted_at")[:1]),
    ).values("id", "deadline", "status", "percent", "tracked_since", "last_entry", "last_report", "scope",
             *(["group_id"] if grouped else []))
    for item in items:
        then = in_force.get((subject, item["id"]), {})
        if then.get("scope", item["scope"]) != ItemScope.ACTIVE:
            dropped.append(item["id"])
            continue
        deadline = date.fromisoformat(then["deadline"]) if then.get("deadline") else \
            (None if "deadline" in then else item["deadline"])
        stamps = [stamp for stamp in (item["last_entry"], item["last_report"]) if stamp]
        last = timezone.localtime(max(stamps)).date() if stamps else None
        lead = item_light(today=today, deadline=deadline, status=item["status"], percent=item["percent"],
                          last_update=last, tracked_since=item["tracked_since"], rules=rules)
        judged_parts, own = [], {}
        for part in parts.get(item["id"], ()):
            part_judgement = _part_judgement(part, today=today, item_deadline=deadline, rules=rules)
            rows.append({"date": today, "kind": SubjectKind.UNIT_PART, "subject_id": part["id"],
                         "light": part_judgement.light, "reason": part_judgement.reason[:300],
                         "progress": part_judgement.progress, "expected": part_judgement.expected,
                         "assessment": part_judgement.assessment})
            judged_parts.append(PartJudgement(part["agency__name"],
                                              part["agency__kind"] == AgencyKind.PREFECTURE, part_judgement))
            own[part["agency_id"]] = (part_judgement.light, part_judgement.progress or 0.0)
        judgement = item_overall_light(lead, judged_parts, verified=item["status"] == ItemStatus.COMPLETED)
        rows.append({"date": today, "kind": kind, "subject_id": item["id"], "light": judgement.light,
                     "reason": judgement.reason[:300], "named_reason": judgement.named_reason[:300],
                     "progress": judgement.progress, "expected": judgement.expected,
                     "assessment": judgement.assessment})
        # Averages count the judged progress: a completion awaiting verification is not yet 100% (core.lights).
        progress = judgement.progress if judgement.progress is not None else item["percent"]
        # A participating unit or prefecture without a part of its own is counted, in its roll-up, by the lead
        # unit's judgement (not by the item's, which other units' lag may colour); the lead unit by the item's, as
        # it answers for the whole item.
        own[None] = (lead.light, lead.progress if lead.progress is not None else item["percent"])
        judged[item["id"]] = (judgement.light, progress, item.get("group_id"), judgement.reason, own)
    responsibilities = responsibility_model.objects.all() if ids is None else \
        responsibility_model.objects.filter(**{f"{link}__in": ids})
    responsibilities = list(responsibilities.values("id", link, "agency_id", "role"))
    responsibility_kind = f"{kind}_responsibility"
    # Rows an earlier run today wrote for items that have since left the plan are removed, not left stale.
    dropped = [(kind, dropped), (responsibility_kind, [r["id"] for r in responsibilities if r[link] not in judged]),
               (SubjectKind.UNIT_PART, left + [part["id"] for item_id in dropped for part in parts.get(item_id, ())])]
    responsibilities = [r for r in responsibilities if r[link] in judged]
    for r in responsibilities:
        light, percent, _group, reason, _own = judged[r[link]]
        rows.append({"date": today, "kind": responsibility_kind, "subject_id": r["id"], "light": light,
                     "reason": reason[:300], "progress": float(percent)})
    return rows, judged, responsibilities, dropped


def _indicators(today: date, rules: Rules, in_force: dict):
    indicators = with_current_value(Indicator.objects.all(), as_of=today).values(
        "id", "comparator", "kind", "target_value", "target_year", "baseline_value", "baseline_year",
        "current", "current_date", "current_rolled_up", "unit", "goal_area_id")
    rows, judged = [], {}
    for ind in indicators:
        then = in_force.get(("indicator", ind["id"]), {})
        judgement = indicator_progress(
            today=today, comparator=ind["comparator"], kind=ind["kind"],
            target=Decimal(then.get("target_value", ind["target_value"])),
            target_year=int(then.get("target_year", ind["target_year"])), baseline=ind["baseline_value"],
            baseline_year=ind["baseline_year"],
            current=ind["current"], current_date=ind["current_date"], unit=ind["unit"], rules=rules,
            current_source=value_source_text(rolled_up=ind["current_rolled_up"], as_of=ind["current_date"]))
        rows.append({"date": today, "kind": SubjectKind.INDICATOR, "subject_id": ind["id"],
                     "light": judgement.light, "reason": judgement.reason[:300], "progress": judgement.progress,
                     "expected": judgement.expected, "assessment": judgement.assessment})
        judged[ind["id"]] = (judgement.light, judgement.progress, ind["goal_area_id"])
    return rows, judged


class _Tally:
    """Counts per light and the items' mean percent for one roll-up scope."""

    def __init__(self):
        self.lights = defaultdict(int)
        self.percents = []
        self.indicator_progress = []

    def add_item(self, light, percent):
        self.lights[light] += 1
        self.percents.append(percent)

    def add_indicator(self, light, progress):
        self.lights[light] += 1
        if progress is not None:
            self.indicator_progress.append(progress)

    def row(self, today, scope, scope_id) -> dict:
        def mean(values):
            return round(sum(values) / len(values), 1) if values else None

        return {"date": today, "scope": scope, "scope_id": scope_id, "green": self.lights[Light.GREEN],
                "yellow": self.lights[Light.YELLOW], "red": self.lights[Light.RED], "grey": self.lights[Light.GREY],
                "progress": mean(self.percents), "indicator_progress": mean(self.indicator_progress)}


def _reports(today: date):
    """Lights of the prefecture reports of every period."""
    rows = []
    reports = PrefectureReport.objects.values("id", "status", "first_submitted_at", "is_late", "period__due_date")
    for report in reports:
        submitted = timezone.localtime(report["first_submitted_at"]).date() if report["first_submitted_at"] else None
        judgement = report_light(today=today, due_date=report["period__due_date"], status=report["status"],
                                 first_submitted_at=submitted, is_late=report["is_late"])
        rows.append({"date": today, "kind": SubjectKind.REPORT, "subject_id": report["id"],
                     "light": judgement.light, "reason": judgement.reason[:300]})
    return rows


def _designated(model) -> list[dict]:
    """The departments named for 省级有关部门 on items of the model, shaped as responsibilities are for _rollups."""
    link = f"{model.ITEM_KIND}_id"
    return [{link: row["item_id"], "agency_id": row["agency_id"], "role": row["role"]} for row in
            DesignatedUnit.objects.filter(item_type=ContentType.objects.get_for_model(model)).values(
                "item_id", "agency_id", "role")]


def _rollups(today, tasks, projects, task_resps, project_resps, indicators) -> list[dict]:
    tallies = defaultdict(_Tally)
    for judged, group_scope in ((tasks, RollupScope.TASK_GROUP), (projects, RollupScope.KEY_PROJECT_GROUP)):
        for light, percent, group_id, _reason, _own in judged.values():
            tallies[(RollupScope.PLAN, 0)].add_item(light, percent)
            tallies[(group_scope, group_id)].add_item(light, percent)
    for light, progress, goal_area_id in indicators.values():
        # The plan's counts are of tasks and key projects; its targets only add to the progress toward targets.
        if progress is not None:
            tallies[(RollupScope.PLAN, 0)].indicator_progress.append(progress)
        if goal_area_id:
            tallies[(RollupScope.GOAL_AREA, goal_area_id)].add_indicator(light, progress)
    # Agencies as lead and as participant; prefectures through 各州、市人民政府 as well as by name.
    members = defaultdict(list)
    for collective_id, member_id in Agency.members.through.objects.values_list("from_agency_id", "to_agency_id"):
        members[collective_id].append(member_id)
    prefectures = set(Agency.objects.filter(kind=AgencyKind.PREFECTURE).values_list("id", flat=True))
    for judged, responsibilities, link in ((tasks, task_resps, "task_id"), (projects, project_resps, "key_project_id")):
        counted_prefecture = set()
        for r in responsibilities:
            if r[link] not in judged:
                continue  # an item no longer in the plan (a department named for it before it left)
            light, percent, _group, _reason, own = judged[r[link]]
            if r["role"] == ResponsibilityRole.LEAD:
                tallies[(RollupScope.AGENCY_LEAD, r["agency_id"])].add_item(light, percent)
            else:  # a participating unit by its own part where it has one
                tallies[(RollupScope.AGENCY_PARTICIPANT, r["agency_id"])].add_item(
                    *own.get(r["agency_id"], own[None]))
            for agency_id in [r["agency_id"], *members.get(r["agency_id"], [])]:
                if agency_id in prefectures and (agency_id, r[link]) not in counted_prefecture:
                    counted_prefecture.add((agency_id, r[link]))
                    # A prefecture is judged by its own part of the item where it has one.
                    tallies[(RollupScope.PREFECTURE, agency_id)].add_item(*own.get(agency_id, own[None]))
    return [tally.row(today, scope, scope_id) for (scope, scope_id), tally in tallies.items()]


# PostgreSQL advisory lock key (any number of this project's own): one writer of the day's snapshot at a time.
SNAPSHOT_WRITERS = 733_018_101


def snapshot_writer_lock() -> None:
    """Wait for, then hold until the transaction ends, the right to read and write today's snapshot: the full run
    and an item's refresh after a save take turns. SQLite (`make run`) writes one transaction at a time anyway."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [SNAPSHOT_WRITERS])


# What the snapshot knows of each kind of plan item: (model, its responsibilities, their link, snapshot kind).
ITEM_KINDS = {model: (model, responsibility_model, f"{model.ITEM_KIND}_id", SubjectKind(model.ITEM_KIND))
              for model, responsibility_model in ((Task, TaskResponsibility), (KeyProject, KeyProjectResponsibility),
                                                  (Safeguard, SafeguardResponsibility))}


def item_light_refresh(*, item) -> bool:
    """Rejudge one task or key project at once after a save, in today's snapshot (its own row and its units'), so
    its page shows the new percent beside a reason that says the same; the roll-ups wait for the debounced run.
    Only into a snapshot today already has: a lone row would make today the newest date, and every other item
    would look uncomputed until the full run."""
    today = timezone.localdate()
    model, responsibility_model, link, kind = ITEM_KINDS[type(item)]
    with transaction.atomic():
        snapshot_writer_lock()
        if not LightSnapshot.objects.filter(date=today, kind=kind).exists():
            return False
        rows, _judged, _responsibilities, dropped = _items(
            model, responsibility_model, link, kind, today, Rules.from_settings(), values_in_force(today),
            ids=[item.pk])
        snapshot_stamp_renew()
        for dropped_kind, dropped_ids in dropped:
            LightSnapshot.objects.filter(date=today, kind=dropped_kind, subject_id__in=dropped_ids).delete()
        rows_upsert(LightSnapshot, rows, unique_fields=["date", "kind", "subject_id"],
                    update_fields=["light", "reason", "named_reason", "progress", "expected", "assessment"])
    return True


def snapshots_recompute(*, today: date | None = None) -> RecomputeReport:
    """Judge every task, key project, responsibility and indicator, and store the day's snapshot."""
    started = time.monotonic()
    today = today or timezone.localdate()
    rules = Rules.from_settings()
    with transaction.atomic():
        # Read and write under the writers' lock: an item refreshed after a save meanwhile waits, and is then
        # judged again on top of this run, never overwritten by this run's older reading of it.
        snapshot_writer_lock()
        snapshot_stamp_renew()
        indicator_rollups_refresh()
        in_force = values_in_force(today)
        task_rows, tasks, task_resps, task_dropped = _items(*ITEM_KINDS[Task], today, rules, in_force)
        project_rows, projects, project_resps, project_dropped = _items(*ITEM_KINDS[KeyProject], today, rules,
                                                                        in_force)
        # Safeguards have lights of their own but stay out of the roll-ups, which count the plan's tasks and key
        # projects (the dashboard's figures).
        safeguard_rows, _safeguards, _resps, safeguard_dropped = _items(*ITEM_KINDS[Safeguard], today, rules,
                                                                        in_force)
        indicator_rows, indicators = _indicators(today, rules, in_force)
        light_rows = task_rows + project_rows + safeguard_rows + indicator_rows + _reports(today)
        # A department named to act for 省级有关部门 counts as lead or participant like a named one.
        rollup_rows = _rollups(today, tasks, projects, task_resps + _designated(Task), project_resps
                               + _designated(KeyProject), indicators)
        first_of_day = not LightSnapshot.objects.filter(date=today).exists()
        for kind, ids in task_dropped + project_dropped + safeguard_dropped:
            if ids:
                LightSnapshot.objects.filter(date=today, kind=kind, subject_id__in=ids).delete()
        # A scope left empty by a revision (all its items dropped) loses today's row rather than keep a stale one.
        computed = {(row["scope"], row["scope_id"]) for row in rollup_rows}
        stale = [pk for pk, scope, scope_id in RollupSnapshot.objects.filter(date=today).values_list(
            "pk", "scope", "scope_id") if (scope, scope_id) not in computed]
        RollupSnapshot.objects.filter(pk__in=stale).delete()
        rows_upsert(LightSnapshot, light_rows, unique_fields=["date", "kind", "subject_id"],
                    update_fields=["light", "reason", "named_reason", "progress", "expected", "assessment"])
        rows_upsert(RollupSnapshot, rollup_rows, unique_fields=["date", "scope", "scope_id"],
                    update_fields=["green", "yellow", "red", "grey", "progress", "indicator_progress"])
    if first_of_day and connection.vendor == "postgresql":
        # Every page reads "today's" snapshot; until the planner's statistics know the new date it estimates one
        # row and scans whole tables (the dashboard's progress query: 203 → 7 ms at national scale, bench/).
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE portal_lightsnapshot, portal_rollupsnapshot")
    if today > PLAN_END:  # what became of the plan, beside the day's lights (the dashboard's 终期评估 line)
        final = final_evaluation(today, records=False)
        FinalEvaluationSnapshot.objects.update_or_create(date=today, defaults={"items": final.item_counts,
                                                                               "targets": final.target_counts})
    report = RecomputeReport(today, len(light_rows), len(rollup_rows), time.monotonic() - started)
    logger.info("snapshots_recompute %s", report.summary())
    return report
