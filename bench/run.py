"""`make bench`: the portal at scale N=1, 10, 100, each figure measured next to its floor in the same run.

For each scale a database of its own (yunnan_bench_n<N>) is built once with `bench_data` and reused while the
generator version is unchanged. Measurements run in a child process per scale (Django settings are per process):
dashboard page and JSON endpoints against one SQL aggregate, the task and report list API, the nightly
recomputation against one raw UPDATE, and HTTP load (wrk against gunicorn on loopback) against a trivial view.
The export engine is measured once (it does not depend on N) by bench/export_bench.py.
Timings are reported, never asserted. Writes bench/results/latest.md.

Run:  .venv/bin/python bench/run.py [--scales 1 10 100] [--http-seconds 10] [--no-http] [--no-export]
"""

import argparse
import json
import os
import platform
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import time
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

import django

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from bench import GENERATOR_VERSION, MARKER_TABLE  # noqa: E402
from bench.export_bench import compare  # noqa: E402
from bench.jobs_bench import measure_jobs  # noqa: E402
from bench.rush import measure_rush, render_rush, rush_targets  # noqa: E402
from bench.servers import PYTHON, SERVER, env_for, free_port, p95  # noqa: E402

RESULTS = ROOT / "bench" / "results"


def psql(sql: str, database: str = "postgres") -> str:
    out = subprocess.run(["psql", f"{SERVER}/{database}", "-tAc", sql], capture_output=True, text=True)
    return out.stdout.strip() if out.returncode == 0 else ""


# ---------------------------------------------------------------------------------------------------------------
# Databases


def ensure_database(scale: int, rebuild: bool) -> float | None:
    """Build the scale's database unless one from the same generator version exists; returns build seconds."""
    name = f"yunnan_bench_n{scale}"
    found = psql(f"SELECT scale || ',' || version FROM {MARKER_TABLE}", name)
    if found == f"{scale},{GENERATOR_VERSION}" and not rebuild:
        # Same data; the schema follows the code under test (an index added since the build, say).
        subprocess.run([PYTHON, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env_for(scale), check=True)
        return None
    psql(f"DROP DATABASE IF EXISTS {name}")
    psql(f"CREATE DATABASE {name}")
    env = env_for(scale)
    started = time.monotonic()
    subprocess.run([PYTHON, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True)
    subprocess.run([PYTHON, "manage.py", "bench_data", "--scale", str(scale)], cwd=ROOT, env=env, check=True)
    return time.monotonic() - started


# ---------------------------------------------------------------------------------------------------------------
# In-process measurements (child process, one scale)


def timed(call, repeat: int) -> list[float]:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        call()
        times.append(1000 * (time.perf_counter() - started))
    return times


def side_by_side(subject, floor, repeat: int) -> tuple[list[float], list[float]]:
    """Alternate the subject and its floor, so both see the same moments of a noisy machine."""
    subject(), floor()  # warm caches and connections
    a, b = [], []
    for _ in range(repeat):
        a += timed(subject, 1)
        b += timed(floor, 1)
    return a, b


def stats(values: list[float]) -> dict:
    return {"median": statistics.median(values), "p95": p95(values), "n": len(values)}


DASHBOARD_FLOOR = """SELECT kind, light, count(*), avg(progress) FROM portal_lightsnapshot
                     WHERE date = (SELECT max(date) FROM portal_lightsnapshot) GROUP BY kind, light"""
TASK_PAGE_FLOOR = """SELECT t.id, t.code, t.title, t.status, t.percent, g.title FROM tasks_task t
                     JOIN tasks_taskgroup g ON g.id = t.group_id ORDER BY t."order" LIMIT 50"""
REPORT_PAGE_FLOOR = """SELECT r.id, r.status, p.year, p.number, a.name FROM tasks_prefecturereport r
                       JOIN tasks_reportingperiod p ON p.id = r.period_id
                       JOIN agencies_agency a ON a.id = r.prefecture_id
                       ORDER BY p.start DESC, a."order" LIMIT 50"""
# The floor of the recomputation: one UPDATE that rewrites every light row of the day, judging items by their
# deadline and percent in SQL, with none of the rules' reasons.
RECOMPUTE_FLOOR = """UPDATE portal_lightsnapshot s SET
    light = CASE WHEN coalesce(t.percent, k.percent) >= 100 THEN 'green'
                 WHEN coalesce(t.deadline, k.deadline) < %(today)s THEN 'red'
                 WHEN s.progress < s.expected - 15 THEN 'yellow' ELSE s.light END,
    reason = s.reason, progress = coalesce(t.percent, k.percent, s.progress)
    FROM portal_lightsnapshot s2
    LEFT JOIN tasks_task t ON s2.kind = 'task' AND t.id = s2.subject_id
    LEFT JOIN projects_keyproject k ON s2.kind = 'key_project' AND k.id = s2.subject_id
    WHERE s.id = s2.id AND s.date = %(today)s"""

# What a bulletin and a year's scores start from: the day's roll-ups of every unit and prefecture, and the year's
# reports per prefecture with the items due in the year.
BULLETIN_FLOOR = """SELECT scope, scope_id, green, yellow, red, grey, progress FROM portal_rollupsnapshot
                    WHERE date = (SELECT max(date) FROM portal_rollupsnapshot)
                      AND scope IN ('agency_lead', 'prefecture')"""
SCORES_FLOOR = """SELECT r.prefecture_id, count(*),
                         count(*) FILTER (WHERE NOT r.is_late AND r.first_submitted_at IS NOT NULL)
                  FROM tasks_prefecturereport r JOIN tasks_reportingperiod p ON p.id = r.period_id
                  WHERE p.year = %(year)s GROUP BY r.prefecture_id;
                  SELECT id, deadline, status FROM tasks_task WHERE extract(year FROM deadline) = %(year)s"""

ENDPOINTS = [("dashboard page", "/dashboard/"), ("api summary", "/api/v1/dashboard/summary/"),
             ("api groups", "/api/v1/dashboard/groups/"), ("api units", "/api/v1/dashboard/units/"),
             ("api map", "/api/v1/dashboard/map/"), ("api trend", "/api/v1/dashboard/trend/")]
KEY_PROJECT_PAGE_FLOOR = """SELECT k.id, k.number, k.title, k.status, k.percent, g.title FROM projects_keyproject k
                            JOIN projects_keyprojectgroup g ON g.id = k.group_id ORDER BY k.number, k.id LIMIT 50"""
NOTICE_PAGE_FLOOR = """SELECT n.id, n.year, n.sequence, n.colour, n.state, n.answer_by, a.name
                       FROM notices_supervisionnotice n JOIN agencies_agency a ON a.id = n.agency_id
                       ORDER BY n.issued_on DESC, n.year DESC, n.sequence DESC LIMIT 50"""
PROBLEM_PAGE_FLOOR = """SELECT p.id, p.text, p.state, p.raised_at, a.name FROM problems_problem p
                        JOIN agencies_agency a ON a.id = p.agency_id ORDER BY p.raised_at, p.id LIMIT 50"""
LISTS = [("task list API", "/api/v1/tasks/", TASK_PAGE_FLOOR),
         ("key project list API", "/api/v1/key-projects/", KEY_PROJECT_PAGE_FLOOR),
         ("report list API", "/api/v1/reports/", REPORT_PAGE_FLOOR),
         ("notice list API", "/api/v1/notices/", NOTICE_PAGE_FLOOR),
         ("problem list API", "/api/v1/problems/", PROBLEM_PAGE_FLOOR)]


def measure_scale(scale: int, repeat: int) -> dict:
    django.setup()
    from core.runtime import gc_tune  # here, after setup: as the WSGI entry point serves, GC tuned once loaded
    gc_tune()
    # Only now: these modules need Django's settings and app registry, which setup() has just filled.
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from agencies.models import User
    from bench.data import table_counts
    from recompute.services import snapshots_recompute

    result = {"scale": scale, "counts": table_counts()}
    snapshots_recompute()  # today's snapshot, as the nightly job leaves it
    client = Client()
    client.force_login(User.objects.get(username="leader"))

    def sql(statement, params=None):
        def run():
            with connection.cursor() as cursor:
                cursor.execute(statement, params)
                if cursor.description:
                    cursor.fetchall()
        return run

    def get(url):
        def run():
            response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)
        return run

    def queries(call) -> int:
        with CaptureQueriesContext(connection) as captured:
            call()
        return len(captured.captured_queries)

    rows = []
    for name, url in ENDPOINTS:
        subject, floor = side_by_side(get(url), sql(DASHBOARD_FLOOR), repeat)
        rows.append({"name": name, "url": url, "subject": stats(subject), "floor": stats(floor),
                     "queries": queries(get(url))})
    # The first visit after the snapshot changed (any save of an item renews its stamp): nothing cached yet.
    from snapshots.services import snapshot_stamp_renew  # here: it needs Django set up, as above

    def first_visit():
        snapshot_stamp_renew()
        get("/dashboard/")()

    subject, floor = side_by_side(first_visit, sql(DASHBOARD_FLOOR), repeat)
    rows.append({"name": "dashboard page, first visit after a change", "url": "/dashboard/",
                 "subject": stats(subject), "floor": stats(floor), "queries": queries(first_visit)})
    result["dashboard"] = rows
    result["lists"] = []
    for name, url, floor_sql in LISTS:
        subject, floor = side_by_side(get(url), sql(floor_sql), repeat)
        result["lists"].append({"name": name, "subject": stats(subject), "floor": stats(floor),
                                "queries": queries(get(url))})
    today = timezone.localdate()
    recompute_repeat = 3 if scale < 100 else 2
    subject, floor = side_by_side(snapshots_recompute, sql(RECOMPUTE_FLOOR, {"today": today}), recompute_repeat)
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM portal_lightsnapshot WHERE date = %s", [today])
        light_rows = cursor.fetchone()[0]
    result["recompute"] = {"subject": stats(subject), "floor": stats(floor), "rows": light_rows}
    result["evaluation"] = measure_evaluation(today, sql, recompute_repeat + 2) + measure_jobs(
        today, sql, side_by_side, stats, recompute_repeat + 2)
    if scale == 1:  # the chain does the same work at every N: measured once
        from bench.middleware_cost import middleware_costs  # here: it needs Django set up, as above
        result["middleware"], result["middleware_whole"] = middleware_costs(
            client, "/bench/trivial/", django.conf.settings.MIDDLEWARE, 20 * repeat)
    session = client.cookies[django.conf.settings.SESSION_COOKIE_NAME].value
    result["session"] = session
    return result


def measure_evaluation(today, sql, repeat: int) -> list[dict]:
    """#21: a bulletin drafted (its figures read from the snapshot), written to Word (python-docx; the PDF is
    LibreOffice's, outside the portal), and a year's scores, each beside the snapshot read it starts from."""
    # Here, not at the top: these modules need Django's settings and app registry, which the child sets up.
    from django.db import transaction

    from agencies.models import User
    from bulletins.documents import bulletin_docx
    from bulletins.figures import bulletin_figures
    from bulletins.models import Bulletin
    from evaluation.models import ScoringScheme
    from evaluation.scoring import DEFAULT_CRITERIA, criteria_check, year_scores

    def draft():
        return bulletin_figures("month", today.year, today.month, today=today)

    figures = draft()
    bulletin = Bulletin(kind="month", year=today.year, number=today.month, as_of=today, title=figures["title"],
                        figures=figures, overview="总体情况", requirements="下步工作要求")
    rows = []
    units = len(figures["departments"]) + len(figures["prefectures"])
    for name, call in (("bulletin figures", draft), ("bulletin Word", lambda: bulletin_docx(bulletin))):
        subject, floor = side_by_side(call, sql(BULLETIN_FLOOR), repeat)
        rows.append({"name": name, "units": units, "subject": stats(subject), "floor": stats(floor)})
    year = today.year - 1
    with transaction.atomic():  # a scheme for the measurement only: rolled back
        ScoringScheme.objects.filter(year=year).delete()
        scheme = ScoringScheme.objects.create(year=year, criteria=criteria_check(DEFAULT_CRITERIA),
                                              updated_by=User.objects.get(username="leader"))
        scored = len(year_scores(scheme))
        subject, floor = side_by_side(lambda: year_scores(scheme), sql(SCORES_FLOOR, {"year": year}), repeat)
        rows.append({"name": f"scores of {year}", "units": scored, "subject": stats(subject), "floor": stats(floor)})
        transaction.set_rollback(True)
    return rows


# ---------------------------------------------------------------------------------------------------------------
# HTTP under load





def wrk(url: str, cookie: str, seconds: int) -> dict:
    out = subprocess.run(["wrk", "-t2", "-c8", f"-d{seconds}s", "--timeout", "30s", "--latency", "-H",
                          f"Cookie: sessionid={cookie}", url], capture_output=True, text=True, check=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    p99 = re.search(r"99%\s+([\d.]+)(us|ms|s)\b", out)
    unit = {"us": 0.001, "ms": 1.0, "s": 1000.0}[p99.group(2)] if p99 else None
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    timeouts = re.search(r"timeout (\d+)", out)
    return {"rps": rps, "p99": float(p99.group(1)) * unit if p99 else None,
            "errors": (int(errors.group(1)) if errors else 0) + (int(timeouts.group(1)) if timeouts else 0)}


@contextmanager
def gunicorn(scale: int, app: str = "yunnan_emergency.wsgi", *, workers: int | None = None,
             worker_class: str = "sync", threads: int = 1):
    """A gunicorn on loopback serving `app` on the scale's database; yields its base URL."""
    port = free_port()
    log = open(f"/tmp/bench-gunicorn-{scale}.log", "a")  # noqa: SIM115 - closed below, after the server
    server = subprocess.Popen(
        [PYTHON, "-m", "gunicorn", app, "-b", f"127.0.0.1:{port}", "-w", str(workers or os.cpu_count()),
         "-k", worker_class, "--threads", str(threads), "--access-logfile", "-", "--error-logfile", "-"],
        cwd=ROOT, env=env_for(scale), stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        for _ in range(150):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.2)
        yield f"http://127.0.0.1:{port}"
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
        log.close()


HTTP_ENDPOINTS = [("trivial view (floor)", "/bench/trivial/"), ("dashboard page", "/dashboard/"),
                  ("dashboard JSON (summary)", "/api/v1/dashboard/summary/"), ("task list API", "/api/v1/tasks/")]


def measure_http(scale: int, session: str, seconds: int) -> list[dict]:
    """wrk against each endpoint on the portal's gunicorn, and against a bare WSGI callable on the same server (the
    trivial view's own floor); with the access log on, as the Dockerfile serves."""
    results = []
    with gunicorn(scale, "bench.wsgi_bare:application") as base:
        results.append({"name": "bare WSGI callable", **wrk(base + "/", session, seconds)})
    with gunicorn(scale) as base:
        for name, path in HTTP_ENDPOINTS:
            subprocess.run(["curl", "-s", "-o", "/dev/null", "-b", f"sessionid={session}", base + path])
            results.append({"name": name, **wrk(base + path, session, seconds)})
    return results


# ---------------------------------------------------------------------------------------------------------------
# Report


def verdict(ok: bool) -> str:
    return "MET" if ok else "MISSED"


def timing_table(rows, label) -> list[str]:
    lines = [f"| N | {label} | median ms | p95 ms | queries | floor median ms | floor p95 ms | p95 ratio |",
             "|---:|---|---:|---:|---:|---:|---:|---:|"]
    for scale, row in rows:
        s, f = row["subject"], row["floor"]
        lines.append(f"| {scale} | {row['name']} | {s['median']:.1f} | {s['p95']:.1f} | {row['queries']} | "
                     f"{f['median']:.2f} | {f['p95']:.2f} | {s['p95'] / f['p95']:.1f}× |")
    return lines


def render(results: list[dict], export: list[dict] | None, builds: dict) -> str:
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True,
                            cwd=ROOT).stdout.strip()
    dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], capture_output=True,
                           text=True, cwd=ROOT).stdout.strip()
    pg = psql("SHOW server_version")
    lines = [f"# Benchmarks — {datetime.now(UTC):%Y-%m-%d %H:%M} UTC", "",
             f"Machine: {' '.join(platform.uname()[:3])} {platform.machine()}, {os.cpu_count()} cores; "
             f"Python {platform.python_version()}; PostgreSQL {pg}; "
             f"commit {commit}{' (with uncommitted changes)' if dirty else ''}.",
             ""]
    lines += ["## Data", "", "| N | " + " | ".join(results[0]["counts"]) + " | build s |",
              "|---:|" + "---:|" * (len(results[0]["counts"]) + 1)]
    for r in results:
        build = builds.get(r["scale"])
        lines.append(f"| {r['scale']} | " + " | ".join(f"{v:,}" for v in r["counts"].values())
                     + f" | {f'{build:.0f}' if build else 'reused'} |")
    lines += ["", "## Dashboard (in-process, leadership user) vs one SQL aggregate over the snapshot table", ""]
    lines += timing_table([(r["scale"], row) for r in results for row in r["dashboard"]], "view")
    lines += ["", "## Lists (page of 50, in-process) vs one SQL page of 50 over the same tables", ""]
    lines += timing_table([(r["scale"], row) for r in results for row in r["lists"]], "list")
    lines += ["", "## Nightly recomputation vs one raw UPDATE over the same day's light rows", "",
              "| N | light rows | recompute median ms | UPDATE floor median ms | ratio | recompute µs/row |",
              "|---:|---:|---:|---:|---:|---:|"]
    for r in results:
        c = r["recompute"]
        lines.append(f"| {r['scale']} | {c['rows']:,} | {c['subject']['median']:.0f} | {c['floor']['median']:.0f} | "
                     f"{c['subject']['median'] / c['floor']['median']:.1f}× | "
                     f"{1000 * c['subject']['median'] / c['rows']:.0f} |")
    lines += ["", "## Bulletin, annual scores and the daily supervision jobs vs the snapshot read they start from", "",
              "| N | work | units | median ms | p95 ms | floor median ms | ratio | ms per 100 units |",
              "|---:|---|---:|---:|---:|---:|---:|---:|"]
    for r in results:
        for row in r.get("evaluation", []):
            s, f = row["subject"], row["floor"]
            lines.append(f"| {r['scale']} | {row['name']} | {row['units']:,} | {s['median']:.0f} | {s['p95']:.0f} | "
                         f"{f['median']:.1f} | {s['median'] / f['median']:.0f}× | "
                         f"{100 * s['median'] / max(row['units'], 1):.1f} |")
    if any(r.get("http") for r in results):
        lines += ["", "## HTTP under load (gunicorn as the Dockerfile runs it: sync workers, one a core, access log "
                  "on; wrk -t2 -c8 on loopback)", "",
                  "| N | endpoint | requests/s | p99 ms | errors (non-2xx, timeouts) | share of trivial view's rps | "
                  "share of bare WSGI's rps |", "|---:|---|---:|---:|---:|---:|---:|"]
        for r in results:
            if not r.get("http"):
                continue
            by_name = {row["name"]: row for row in r["http"]}
            trivial, bare = by_name["trivial view (floor)"]["rps"], by_name["bare WSGI callable"]["rps"]
            for row in r["http"]:
                p99 = f"{row['p99']:.1f}" if row["p99"] is not None else "—"
                lines.append(f"| {r['scale']} | {row['name']} | {row['rps']:.1f} | {p99} | "
                             f"{row['errors']} | {row['rps'] / trivial:.2f} | {row['rps'] / bare:.3f} |")
    costs = next((r for r in results if r.get("middleware")), None)
    if costs:
        whole = costs["middleware_whole"]
        lines += ["", f"## Where the trivial view's time goes (in-process, N={costs['scale']}, median µs of each "
                  "middleware's own time; bench/middleware_cost.py)", "",
                  "| middleware | own µs |", "|---|---:|"]
        lines += [f"| {row['name']} | {row['median_us']:.0f} |" for row in costs["middleware"]]
        lines += ["", f"The chain's own times add up to {whole['chain_us']:.0f} µs; the whole request through the "
                  f"test client takes {whole['request_us']:.0f} µs ({whole['with_markers_us']:.0f} µs with the "
                  "markers in). A middleware that first touches the session or the user is charged for reading "
                  "it."]
    if export:
        lines += ["", "## Annual export engine (synthetic rows shaped like the 重点任务 sheet) vs bare xlsxwriter", "",
                  "Median of 3 interleaved runs each. *Bare* writes the values unformatted (the floor); *bare "
                  "formatted* is bare xlsxwriter with the portal's cell formats (a reference, not the floor).", "",
                  "| rows | portal rows/s | bare rows/s | ratio | bare formatted rows/s | portal peak MB | "
                  "bare peak MB |", "|---:|---:|---:|---:|---:|---:|---:|"]
        for row in export:
            portal, bare = row["portal"], row["bare"]
            lines.append(f"| {row['rows']:,} | {portal['rows_per_s']:,.0f} | {bare['rows_per_s']:,.0f} | "
                         f"{portal['rows_per_s'] / bare['rows_per_s']:.2f} | "
                         f"{row['bare_formatted']['rows_per_s']:,.0f} | {portal['peak_mb']:.0f} | "
                         f"{bare['peak_mb']:.0f} |")
    rushes = [r["rush"] for r in results if r.get("rush")]
    if rushes:
        lines += ["", "## Deadline-day rush (locust on loopback: 16×N reporters open their report, save a draft "
                  "twice and submit, while leadership reloads the dashboard; bench/rush.py)", ""] + render_rush(rushes)
    lines += ["", "## Targets", ""] + targets(results, export) + rush_targets(rushes)
    return "\n".join(lines) + "\n"


def targets(results, export) -> list[str]:
    """One line per target of issues #9 and #22, each MET or MISSED with the figures it was judged on."""
    out = []
    largest = max(results, key=lambda r: r["scale"])
    n = largest["scale"]
    with_http = [r for r in results if r.get("http")]
    if with_http:
        r = max(with_http, key=lambda r: r["scale"])
        by_name = {row["name"]: row for row in r["http"]}
        trivial = by_name["trivial view (floor)"]["rps"]
        for name in ("dashboard page", "dashboard JSON (summary)"):
            share = by_name[name]["rps"] / trivial
            out.append(f"- HTTP {name} at least half the trivial view's requests/s (N={r['scale']}): "
                       f"{verdict(share >= 0.5)} ({share:.2f}).")
        bare = by_name["bare WSGI callable"]["rps"]
        out.append(f"- Trivial view measured against a bare WSGI callable on the same gunicorn, with each "
                   f"middleware's own time: {verdict(bool(largest.get('middleware') or results[0].get('middleware')))}"
                   f" (trivial {trivial:.0f} requests/s, bare {bare:.0f}; table above).")
    ratios = {row["name"]: row["subject"]["p95"] / row["floor"]["p95"] for row in largest["dashboard"]}
    out.append(f"- Dashboard in-process p95 within 3× of the SQL floor at N={n}: {verdict(max(ratios.values()) <= 3)} ("
               + ", ".join(f"{name} {ratio:.1f}×" for name, ratio in ratios.items()) + ").")
    by_view = {}
    for r in results:
        for row in r["dashboard"] + r["lists"]:
            by_view.setdefault(row["name"], set()).add(row["queries"])
    varying = [name for name, counts in by_view.items() if len(counts) > 1]
    out.append(f"- Dashboard and list query counts independent of N ({', '.join(str(r['scale']) for r in results)}): "
               f"{verdict(not varying)}" + (f" (varies: {', '.join(varying)})." if varying else "."))
    spreads = [(row["subject"]["p95"] / row["subject"]["median"], row["name"], r["scale"])
               for r in results for row in r["lists"]]
    worst = max(spreads)
    out.append(f"- Lists' p95 within 2× of their median at every N: {verdict(worst[0] <= 2)} (widest: {worst[1]} at "
               f"N={worst[2]}, {worst[0]:.2f}×).")
    c = largest["recompute"]
    ratio = c["subject"]["median"] / c["floor"]["median"]
    out.append(f"- Recomputation within 3× of the raw UPDATE at N={n}: {verdict(ratio <= 3)} ({ratio:.1f}×).")
    small = min(results, key=lambda r: r["scale"])
    if small is not largest:
        per_row = [1000 * r["recompute"]["subject"]["median"] / r["recompute"]["rows"] for r in (small, largest)]
        out.append(f"- Recomputation linear in rows (cost per row at N={n} within 1.5× of N={small['scale']}): "
                   f"{verdict(per_row[1] <= 1.5 * per_row[0])} ({per_row[0]:.0f} → {per_row[1]:.0f} µs/row).")
        for big in largest.get("evaluation", []):
            first = next((row for row in small.get("evaluation", []) if row["name"] == big["name"]), None)
            if first is None:
                continue
            per_unit = [row["subject"]["median"] / max(row["units"], 1) for row in (first, big)]
            out.append(f"- {big['name']} linear (ms per 100 units at N={n} within 1.5× of N={small['scale']}): "
                       f"{verdict(per_unit[1] <= 1.5 * per_unit[0])} ({100 * per_unit[0]:.1f} → "
                       f"{100 * per_unit[1]:.1f} ms), {big['subject']['median']:.0f} ms at N={n} beside a "
                       f"{big['floor']['median']:.1f} ms floor.")
    if export:
        lowest = min(row["portal"]["rows_per_s"] / row["bare_formatted"]["rows_per_s"] for row in export)
        out.append(f"- Export at least 0.95× bare xlsxwriter writing the same formats: {verdict(lowest >= 0.95)} "
                   f"(lowest {lowest:.2f}; against unformatted cells, for reference, "
                   f"{min(row['portal']['rows_per_s'] / row['bare']['rows_per_s'] for row in export):.2f}).")
        if len(export) >= 2:
            growth = export[-1]["portal"]["peak_mb"] / export[0]["portal"]["peak_mb"]
            out.append(f"- Export memory flat: peak at {export[-1]['rows']:,} rows ≤ 1.2× that at "
                       f"{export[0]['rows']:,}: {verdict(growth <= 1.2)} ({growth:.2f}×).")
    return out


# At N=100 the 1,600 reporters arrive over 20 minutes and the run stops after 5: on 2 cores they cannot all be
# served at once (each flow costs about 0.7 CPU seconds), and the bound keeps `make bench` to its half hour.
RUSH_PACE = {100: {"arrival_seconds": 1200, "seconds_bound": 300}}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scales", type=int, nargs="+", default=[1, 10, 100])
    parser.add_argument("--repeat", type=int, default=30, help="requests per in-process figure")
    parser.add_argument("--http-seconds", type=int, default=10)
    parser.add_argument("--no-http", action="store_true")
    parser.add_argument("--no-export", action="store_true")
    parser.add_argument("--no-rush", action="store_true", help="leave out the deadline-day rush (locust)")
    parser.add_argument("--rebuild", action="store_true", help="rebuild the databases even if current")
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(measure_scale(args.child, args.repeat)))
        return
    if not args.no_http and not shutil.which("wrk"):
        sys.exit("wrk is not installed (apt-get install -y wrk), or pass --no-http")
    results, builds = [], {}
    for scale in args.scales:
        print(f"N={scale}: database …", flush=True)
        builds[scale] = ensure_database(scale, args.rebuild)
        print(f"N={scale}: measuring in-process …", flush=True)
        out = subprocess.run([PYTHON, __file__, "--child", str(scale), "--repeat", str(args.repeat)], cwd=ROOT,
                             env=env_for(scale), capture_output=True, text=True)
        if out.returncode:
            sys.exit(out.stderr)
        result = json.loads(out.stdout.strip().splitlines()[-1])
        if not args.no_http:
            print(f"N={scale}: HTTP load …", flush=True)
            result["http"] = measure_http(scale, result["session"], args.http_seconds)
        result.pop("session")  # a live login: used for the load, never written down
        if not args.no_rush:
            print(f"N={scale}: deadline-day rush …", flush=True)
            # gunicorn as the Dockerfile runs it (sync, a worker a core: the comparison of worker classes behind
            # that choice is bench/results/rush-latest.md, `python bench/rush.py --configs …`)
            result["rush"] = measure_rush(scale, workers=os.cpu_count(), **RUSH_PACE.get(scale, {}))
        results.append(result)
    export = None
    if not args.no_export:
        print("export engine …", flush=True)
        export = compare([10_000, 100_000])
    text = render(results, export, builds)
    print(text)
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "latest.md").write_text(text, encoding="utf-8")
    (RESULTS / "latest.json").write_text(json.dumps({"results": results, "export": export}, indent=1,
                                                    default=str), encoding="utf-8")


if __name__ == "__main__":
    main()
