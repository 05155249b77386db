"""Benchmark data at scale N: the Yunnan plan as loaded (N=1) and N-1 copies of it standing for other provinces,
with five years of quarterly reports, monthly progress entries, indicator values and snapshot history, and one user
answering for each unit (whom the daily 督办单 and digests go to).

Everything is set-based SQL on PostgreSQL (INSERT … SELECT over generate_series), so N=100 builds in minutes.
"Random" choices are hashes of row ids, so the same N always gives the same data. Rows are written straight into
the tables, bypassing services: no history rows, no notifications, no notices (the jobs that write them are
measured on this data and rolled back).
"""

import time
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db import connection, transaction
from django.utils import timezone

from agencies.models import Agency
from agencies.services import demo_users_seed
from bench import GENERATOR_VERSION, MARKER_TABLE
from plan_loader.services import plan_load
from reporting.models import ReportingPeriod
from reporting.services import DUE_AFTER_DAYS, period_bounds
from tasks.models import Plan

# The base copy (k = 0) is the plan as load_plan wrote it; copy k names its units "<name>·k", its tasks
# "<100+k>.<code>" (numeric, as the API expects, and never a base code), its indicators "<code>.k".


def pick(expr: str, salt: str, modulo: int = 100) -> str:
    """SQL for a deterministic number in [0, modulo) drawn from a row's id (same id and salt, same number)."""
    return f"mod(abs(hashtext(({expr})::text || '{salt}')), {modulo})"


@dataclass
class BenchReport:
    scale: int
    counts: dict = field(default_factory=dict)
    seconds: float = 0.0

    def summary(self) -> str:
        parts = " ".join(f"{name}={count}" for name, count in self.counts.items())
        return f"scale={self.scale} {parts} seconds={self.seconds:.1f}"


COUNTED_TABLES = {
    "agencies": "agencies_agency", "prefectures": "agencies_agency WHERE kind = 'prefecture'",
    "tasks": "tasks_task", "key_projects": "projects_keyproject", "indicators": "indicators_indicator",
    "periods": "tasks_reportingperiod", "reports": "tasks_prefecturereport", "report_items": "tasks_reportitem",
    "report_lines": "tasks_reportindicatorline", "progress_entries": "tasks_progressentry",
    "indicator_values": "indicators_indicatorvalue", "light_snapshots": "portal_lightsnapshot",
    "rollup_snapshots": "portal_rollupsnapshot", "users": "agencies_user",
}


def table_counts() -> dict:
    with connection.cursor() as cursor:
        counts = {}
        for name, table in COUNTED_TABLES.items():
            cursor.execute(f"SELECT count(*) FROM {table}")
            counts[name] = cursor.fetchone()[0]
    return counts


def month_ends(today: date, months: int) -> list[date]:
    """The last day of each of the `months` months before today's month, oldest first."""
    ends, first = [], today.replace(day=1)
    for _ in range(months):
        first_prev = (first - timedelta(days=1)).replace(day=1)
        ends.append(first - timedelta(days=1))
        first = first_prev
    return ends[::-1]


def quarters(today: date, count: int) -> list[tuple[int, int]]:
    """The `count` quarters up to and including today's, oldest first, as (year, number)."""
    year, number = today.year, (today.month - 1) // 3 + 1
    result = []
    for _ in range(count):
        result.append((year, number))
        year, number = (year, number - 1) if number > 1 else (year - 1, 4)
    return result[::-1]


def bench_data(*, scale: int, months: int = 60, periods: int = 20, today: date | None = None) -> BenchReport:
    """Fill an empty (migrated) database with the plan at `scale`. Refuses a database that already has data
    beyond the plan, so a run is never doubled."""
    if scale < 1:
        raise ValueError("scale is a whole number from 1")
    if connection.vendor != "postgresql":
        raise RuntimeError("the benchmark data generator needs PostgreSQL")
    started = time.monotonic()
    today = today or timezone.localdate()
    if not Plan.objects.exists():
        plan_load()
    if Agency.objects.filter(name__contains="·").exists() or ReportingPeriod.objects.exists():
        raise RuntimeError("this database already holds benchmark data; use a fresh one")
    demo_users_seed(password_factory=lambda: "bench-only-password")
    with transaction.atomic(), connection.cursor() as cursor:
        run = cursor.execute
        run("SELECT id FROM agencies_user WHERE username = 'coordinator'")
        author = cursor.fetchone()[0]
        _clone_plan(run, scale)
        _unit_users(run)
        _periods(today, periods)
        _reports(run, today)
        _items_and_entries(run, author, today, months)
        _indicator_values(run, author, today, months)
        _snapshot_history(run, today, months)
        run(f"CREATE TABLE IF NOT EXISTS {MARKER_TABLE} (scale int, version int, created_at timestamptz)")
        run(f"INSERT INTO {MARKER_TABLE} VALUES (%s, %s, now())", [scale, GENERATOR_VERSION])
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return BenchReport(scale, table_counts(), time.monotonic() - started)


def _clone_plan(run, scale: int):
    """Copies 1…N-1 of every agency, membership, task, key project, responsibility and indicator. Clones keep
    the plan's groups and paragraphs; their deadlines spread over past and future years."""
    run("CREATE TEMP TABLE bench_copy ON COMMIT DROP AS SELECT generate_series(1, %s - 1) AS k", [scale])
    run("""INSERT INTO agencies_agency (name, kind, short_name, code, "order")
           SELECT a.name || '·' || c.k, a.kind, left(a.short_name || '·' || c.k, 30), '', a."order" + 1000 * c.k
           FROM agencies_agency a CROSS JOIN bench_copy c""")
    # (base id, copy, clone id) for agencies; k = 0 is the base itself.
    run("""CREATE TEMP TABLE bench_agency ON COMMIT DROP AS
           SELECT a.id AS base_id, 0 AS k, a.id FROM agencies_agency a WHERE strpos(a.name, '·') = 0
           UNION ALL
           SELECT b.id, c.k, a.id FROM agencies_agency b CROSS JOIN bench_copy c
           JOIN agencies_agency a ON a.name = b.name || '·' || c.k""")
    run("CREATE INDEX ON bench_agency (base_id, k)")
    run("""INSERT INTO agencies_agency_members (from_agency_id, to_agency_id)
           SELECT f.id, t.id FROM agencies_agency_members m
           JOIN bench_agency f ON f.base_id = m.from_agency_id AND f.k > 0
           JOIN bench_agency t ON t.base_id = m.to_agency_id AND t.k = f.k""")
    deadline = f"""CASE {pick('t.id * 1000 + c.k', 'deadline', 10)}
                     WHEN 0 THEN NULL WHEN 1 THEN DATE '2023-12-31' WHEN 2 THEN DATE '2024-12-31'
                     WHEN 3 THEN DATE '2025-12-31' WHEN 4 THEN DATE '2026-12-31' WHEN 5 THEN DATE '2027-06-30'
                     WHEN 6 THEN DATE '2027-12-31' ELSE DATE '2028-12-31' END"""
    common = """title, text, paragraph_id, deadline_text, deadline, responsibility_text, responsibility_open_ended,
                status, percent, version, tracked_since, scope, plan_id"""
    cloned = f"""t.title, t.text, t.paragraph_id, CASE WHEN {deadline} IS NULL THEN '持续推进' ELSE '' END,
                 {deadline}, t.responsibility_text, t.responsibility_open_ended, 'not_started', 0, 1,
                 DATE '2021-01-01', 'active', t.plan_id"""
    run(f"""INSERT INTO tasks_task ({common}, code, group_id, item_number, item_title, sub_number, "order")
            SELECT {cloned}, (100 + c.k) || '.' || t.code, t.group_id, t.item_number, t.item_title, t.sub_number,
                   t."order" + 1000 * c.k
            FROM tasks_task t CROSS JOIN bench_copy c""")
    run(f"""INSERT INTO projects_keyproject ({common}, number, group_id)
            SELECT {cloned}, t.number + 100 * c.k, t.group_id FROM projects_keyproject t CROSS JOIN bench_copy c""")
    run("""CREATE TEMP TABLE bench_task ON COMMIT DROP AS
           SELECT b.id AS base_id, c.k, t.id FROM tasks_task b CROSS JOIN bench_copy c
           JOIN tasks_task t ON t.code = (100 + c.k) || '.' || b.code""")
    run("""CREATE TEMP TABLE bench_project ON COMMIT DROP AS
           SELECT b.id AS base_id, c.k, p.id FROM projects_keyproject b CROSS JOIN bench_copy c
           JOIN projects_keyproject p ON p.plan_id = b.plan_id AND p.number = b.number + 100 * c.k""")
    for table, link, clones in (("tasks_taskresponsibility", "task_id", "bench_task"),
                                ("projects_keyprojectresponsibility", "key_project_id", "bench_project")):
        run(f"""INSERT INTO {table} ({link}, agency_id, position, role)
                SELECT i.id, a.id, r.position, r.role FROM {table} r
                JOIN {clones} i ON i.base_id = r.{link}
                JOIN bench_agency a ON a.base_id = r.agency_id AND a.k = i.k""")
    run("""INSERT INTO indicators_indicator (plan_id, code, name, target_value, unit, comparator, kind, target_year,
               goal_area_id, task_id, key_project_id, paragraph_id, per_prefecture, rollup_method, baseline_value,
               baseline_year, baseline_source, target_2035_value, version)
           SELECT i.plan_id, i.code || '.' || c.k, i.name, i.target_value, i.unit, i.comparator, i.kind,
                  i.target_year, i.goal_area_id, t.id, p.id, i.paragraph_id, i.per_prefecture, i.rollup_method,
                  i.baseline_value, i.baseline_year, i.baseline_source, i.target_2035_value, 1
           FROM indicators_indicator i CROSS JOIN bench_copy c
           LEFT JOIN bench_task t ON t.base_id = i.task_id AND t.k = c.k
           LEFT JOIN bench_project p ON p.base_id = i.key_project_id AND p.k = c.k""")
    # Rates, times and levels need a baseline to be judged; give the ones without one a 2020 value.
    run("""UPDATE indicators_indicator SET baseline_value = round(target_value * 0.6, 4), baseline_year = 2020,
               baseline_source = 'bench'
           WHERE baseline_value IS NULL AND kind IN ('rate', 'time', 'level')""")


def _unit_users(run):
    """One user for every unit of every copy, answering for it (a prefecture's reporter, any other unit's editor;
    a collective has none), with an e-mail address: the day's notices are addressed to them and their digests
    mailed (reminders), as a deployment's unit users would be. No usable password: nobody signs in as them."""
    run("""INSERT INTO agencies_user (password, last_login, is_superuser, username, first_name, last_name, email,
               is_staff, is_active, date_joined, agency_id, demo, must_change_password, password_changed_at)
           SELECT '!bench', NULL, false, 'unit-' || a.id, '', '', 'unit-' || a.id || '@bench.invalid', false, true,
                  now(), a.id, false, false, now()
           FROM agencies_agency a WHERE a.kind <> 'collective'""")
    run("""INSERT INTO agencies_roleassignment (user_id, role)
           SELECT u.id, CASE WHEN a.kind = 'prefecture' THEN 'prefecture_reporter' ELSE 'department_editor' END
           FROM agencies_user u JOIN agencies_agency a ON a.id = u.agency_id
           WHERE u.username = 'unit-' || a.id""")


def _periods(today: date, count: int):
    rows = []
    for year, number in quarters(today, count):
        start, end = period_bounds("quarter", year, number)
        rows.append(ReportingPeriod(kind="quarter", year=year, number=number, start=start, end=end,
                                    due_date=end + timedelta(days=DUE_AFTER_DAYS), opened_at=timezone.now()))
    ReportingPeriod.objects.bulk_create(rows)


def _reports(run, today: date):
    """One report per prefecture and period: most accepted on time, some late, returned, submitted or missing;
    reports of periods not yet due are mostly drafts. Items cover what the prefecture answers for (by name or
    through its collective), lines every per-prefecture indicator of its own copy of the plan."""
    roll = pick("p.id * 100000 + a.id", "report")
    run(f"""INSERT INTO tasks_prefecturereport (period_id, prefecture_id, status, first_submitted_at, submitted_at,
                is_late, return_reason, version)
            SELECT x.period_id, x.prefecture_id, x.status, x.first_at, x.first_at, x.late, '', 1
            FROM (SELECT p.id AS period_id, a.id AS prefecture_id, s.status, s.late,
                    CASE WHEN s.status = 'draft' THEN NULL
                         WHEN s.late THEN (p.due_date + 1 + {pick('a.id', 'late', 30)})::timestamptz
                         ELSE LEAST(p.due_date - {pick('a.id + p.id', 'early', 10)}, %(today)s::date)::timestamptz
                              + interval '10 hours' END AS first_at
                  FROM tasks_reportingperiod p CROSS JOIN agencies_agency a
                  CROSS JOIN LATERAL (SELECT {roll} AS roll, p.due_date >= %(today)s::date AS pending) r
                  CROSS JOIN LATERAL (SELECT
                      CASE WHEN r.pending AND r.roll < 70 THEN 'draft' WHEN r.roll < 5 THEN 'draft'
                           WHEN r.roll < 10 THEN 'returned' WHEN r.roll < 20 THEN 'submitted'
                           ELSE 'accepted' END AS status,
                      NOT r.pending AND r.roll >= 5 AND r.roll < 20 AS late) s
                  WHERE a.kind = 'prefecture') x""", {"today": today})
    # Prefecture → item: named directly, or through a collective it is a member of.
    for link, table, responsibilities, order in (
            ("task_id", "tasks_task", "tasks_taskresponsibility", '"order"'),
            ("key_project_id", "projects_keyproject", "projects_keyprojectresponsibility", "number + 10000")):
        run(f"""CREATE TEMP TABLE bench_{link} ON COMMIT DROP AS
                SELECT DISTINCT coalesce(m.to_agency_id, r.agency_id) AS prefecture_id, r.{link} AS item_id,
                       i.{order} AS sort
                FROM {responsibilities} r JOIN {table} i ON i.id = r.{link}
                LEFT JOIN agencies_agency_members m ON m.from_agency_id = r.agency_id""")
    run(f"""INSERT INTO tasks_reportitem (report_id, task_id, key_project_id, position, status, narrative, problems)
            SELECT r.id, x.task_id, x.key_project_id,
                   row_number() OVER (PARTITION BY r.id ORDER BY x.sort),
                   CASE WHEN r.status = 'draft' THEN '' ELSE
                       (ARRAY['in_progress', 'in_progress', 'completed', 'delayed', 'ongoing'])[
                           1 + {pick('r.id * 7 + x.sort', 'item-status', 5)}] END,
                   CASE WHEN r.status = 'draft' THEN '' ELSE '本季度按计划推进,完成阶段性工作。' END, ''
            FROM tasks_prefecturereport r JOIN (
                SELECT prefecture_id, item_id AS task_id, NULL::bigint AS key_project_id, sort FROM bench_task_id
                UNION ALL
                SELECT prefecture_id, NULL, item_id, sort FROM bench_key_project_id) x
              ON x.prefecture_id = r.prefecture_id""")
    value = pick("r.id * 100 + i.id", "line", 1000)
    run(f"""INSERT INTO tasks_reportindicatorline (report_id, indicator_id, value, numerator, denominator,
                source_note)
            SELECT r.id, i.id,
                   CASE WHEN r.status = 'draft' THEN NULL ELSE {value} / 10.0 END,
                   CASE WHEN r.status <> 'draft' AND i.rollup_method = 'ratio' THEN {value} END,
                   CASE WHEN r.status <> 'draft' AND i.rollup_method = 'ratio' THEN 1000 END, ''
            FROM tasks_prefecturereport r JOIN bench_agency c ON c.id = r.prefecture_id
            JOIN (SELECT id, rollup_method, CASE WHEN strpos(code, '.') = 0 THEN 0
                                                 ELSE split_part(code, '.', 2)::int END AS k
                  FROM indicators_indicator WHERE per_prefecture) i ON i.k = c.k""")


def _items_and_entries(run, author: int, today: date, months: int):
    """A status update by the lead unit on every task and key project each month, with the percent rising, and
    the item's current status and percent from its last update (mixed: done, on pace, behind, not started)."""
    for table, link in (("tasks_task", "task_id"), ("projects_keyproject", "key_project_id")):
        run(f"""UPDATE {table} i SET
                    percent = LEAST(100, {pick('i.id', 'percent', 121)}),
                    status = CASE WHEN {pick('i.id', 'percent', 121)} >= 100 THEN 'completed'
                                  WHEN i.deadline IS NULL THEN 'ongoing'
                                  WHEN {pick('i.id', 'percent', 121)} = 0 THEN 'not_started'
                                  WHEN {pick('i.id', 'delayed', 10)} = 0 THEN 'delayed' ELSE 'in_progress' END,
                    status_updated_at = %(last)s::timestamptz + interval '9 hours',
                    status_updated_by_id = %(author)s, tracked_since = DATE '2021-01-01'""",
            {"last": month_ends(today, 1)[0], "author": author})
        lead = "projects_keyprojectresponsibility" if link == "key_project_id" else "tasks_taskresponsibility"
        run(f"""INSERT INTO tasks_progressentry ({link}, kind, author_id, agency_id, status, percent, narrative,
                    problems, next_steps, created_at)
                SELECT i.id, 'status_update', %(author)s, r.agency_id, i.status,
                       i.percent * m.n / %(months)s, '完成第' || m.n || '阶段工作,推进情况良好。',
                       CASE WHEN {pick('i.id + m.n', 'problem', 4)} = 0 THEN '资金缺口较大' ELSE '' END,
                       '下月继续推进', %(first)s::timestamptz + (m.n - 1) * interval '1 month'
                                        + {pick('i.id * 100 + m.n', 'day', 25)} * interval '1 day'
                FROM {table} i JOIN {lead} r ON r.{link} = i.id AND r.role = 'lead'
                CROSS JOIN generate_series(1, %(months)s) AS m(n)""",
            {"author": author, "months": months, "first": month_ends(today, months)[0].replace(day=1)})


def _indicator_values(run, author: int, today: date, months: int):
    """A province value of every indicator at each month's end, moving from its baseline toward the target."""
    run(f"""INSERT INTO indicators_indicatorvalue (indicator_id, value, as_of, source, rolled_up, entered_by_id,
                                                   entered_at)
            SELECT i.id,
                   round(coalesce(i.baseline_value, 0)
                         + (i.target_value - coalesce(i.baseline_value, 0)) * m.n / %(months)s
                           * (0.5 + {pick('i.id', 'pace', 70)} / 100.0), 4),
                   (%(first)s::date + m.n * interval '1 month' - interval '1 day')::date, 'bench', false, %(author)s,
                   now()
            FROM indicators_indicator i CROSS JOIN generate_series(1, %(months)s) AS m(n)""",
        {"author": author, "months": months, "first": month_ends(today, months)[0].replace(day=1)})


def _snapshot_history(run, today: date, months: int):
    """Last month-ends' snapshots, as the nightly job would have left them: lights of tasks, key projects and
    indicators, and roll-ups of the plan, groups, goal areas, agencies and prefectures (today's are left to the
    real recomputation)."""
    light = f"(ARRAY['green', 'green', 'yellow', 'red', 'grey'])[1 + {pick('s.id * 100 + d.n', 'light', 5)}]"
    run(f"""INSERT INTO portal_lightsnapshot (date, kind, subject_id, light, reason, named_reason, progress, expected,
                assessment)
            SELECT d.day, s.kind, s.id, {light}, '历史快照', '', {pick('s.id + d.n', 'progress', 101)}, NULL, ''
            FROM (SELECT 'task' AS kind, id FROM tasks_task UNION ALL
                  SELECT 'key_project', id FROM projects_keyproject UNION ALL
                  SELECT 'indicator', id FROM indicators_indicator) s
            CROSS JOIN unnest(%(days)s::date[]) WITH ORDINALITY AS d(day, n)""",
        {"days": month_ends(today, months)})
    counts = ", ".join(f"{pick('s.id * 1000 + d.n', colour, 20)}" for colour in ("green", "yellow", "red", "grey"))
    run(f"""INSERT INTO portal_rollupsnapshot (date, scope, scope_id, green, yellow, red, grey, progress,
                indicator_progress)
            SELECT d.day, s.scope, s.id, {counts}, {pick('s.id + d.n', 'progress', 101)}, NULL
            FROM (SELECT 'plan' AS scope, 0::bigint AS id
                  UNION ALL SELECT 'task_group', id FROM tasks_taskgroup
                  UNION ALL SELECT 'key_project_group', id FROM projects_keyprojectgroup
                  UNION ALL SELECT 'goal_area', id FROM tasks_goalarea
                  UNION ALL SELECT 'agency_lead', id FROM agencies_agency WHERE kind <> 'collective'
                  UNION ALL SELECT 'agency_participant', id FROM agencies_agency WHERE kind <> 'collective'
                  UNION ALL SELECT 'prefecture', id FROM agencies_agency WHERE kind = 'prefecture') s
            CROSS JOIN unnest(%(days)s::date[]) WITH ORDINALITY AS d(day, n)""",
        {"days": month_ends(today, months)})
