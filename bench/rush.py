"""Deadline-day rush: 16×N prefecture reporters each open their report, save the draft twice and submit, while
leadership reloads the dashboard, on gunicorn over loopback (locust, bench/locustfile.py), bounded in time; then
the database is checked for lost and duplicated writes. Each step's median and p95 are reported beside the trivial
view's under the same load.

It runs on a clone of the scale's benchmark database (yunnan_rush_n<N>, made from yunnan_bench_n<N> as a template
and dropped afterwards): the clone gets one reporter account per prefecture, with a session made directly (no
password hashed during the run), and the current quarter's reports all back to drafts. Locust runs in a process of
its own (it patches the standard library with gevent); the clone is prepared and checked by this file run as a
child with Django set up. bench/run.py may call measure_rush, render_rush and rush_targets from its own process.

Run:  .venv/bin/python bench/rush.py [--scales 1 10] [--configs sync:2 sync:4 gthread:2x4] [--seconds 300]
"""

import argparse
import json
import os
import re
import resource
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from datetime import UTC, datetime
from decimal import Decimal
from importlib import import_module
from pathlib import Path

import django

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # run as a script (and as the child that prepares and checks the clone)
from bench import MARKER_TABLE, servers  # noqa: E402

RESULTS = ROOT / "bench" / "results"
# The reporter's requests in the order of its flow (the names bench/locustfile.py gives them).
STEPS = ("open report", "save draft 1", "save draft 2", "submit", "reload report")


# ---------------------------------------------------------------------------------------------------------------
# The clone


def _psql(sql: str, database: str = "postgres") -> subprocess.CompletedProcess:
    return subprocess.run(["psql", f"{servers.SERVER}/{database}", "-v", "ON_ERROR_STOP=1", "-tAc", sql],
                          capture_output=True, text=True)


def clone_create(scale: int) -> str:
    """yunnan_rush_n<N>, a copy of yunnan_bench_n<N> (which the rush never writes to). A template must have no other
    session open while it is copied: another benchmark reading it is waited for, up to five minutes."""
    template, clone = f"yunnan_bench_n{scale}", f"yunnan_rush_n{scale}"
    marker = _psql(f"SELECT scale FROM {MARKER_TABLE}", template)
    if marker.returncode or marker.stdout.strip() != str(scale):
        raise RuntimeError(f"{template} is not a finished benchmark database (make bench builds it)")
    _psql(f"DROP DATABASE IF EXISTS {clone}").check_returncode()
    for _ in range(150):
        made = _psql(f"CREATE DATABASE {clone} TEMPLATE {template}")
        if made.returncode == 0:
            return clone
        if "being accessed by other users" not in made.stderr:
            raise RuntimeError(made.stderr)
        time.sleep(2)
    raise RuntimeError(f"{template} stayed in use for five minutes; the clone was not made")


def clone_drop(clone: str) -> None:
    _psql(f"DROP DATABASE IF EXISTS {clone} WITH (FORCE)")


# ---------------------------------------------------------------------------------------------------------------
# In the child (Django set up on the clone): accounts and sessions before the run, the database's check after


def rush_prepare(*, leaders: int, trivial: int, sample: int | None = None) -> dict:
    """Every report of the current quarter a draft again, a reporter account and session for each (or for
    `sample` of them, spread evenly over the provinces), sessions for the leadership and trivial users, today's
    snapshot (as the nightly job leaves it); returns the plan."""
    # Here, not at the top: these modules need Django's settings and app registry, set up by the child (main).
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.db import connection, transaction
    from django.utils import timezone

    from agencies.middleware import ENROLLED
    from agencies.models import Role, User
    from agencies.services import user_set_roles
    from recompute.services import snapshots_recompute
    from reporting.models import (
        PrefectureReport,
        ReportIndicatorLine,
        ReportingPeriod,
        ReportItem,
        ReportStatus,
        ReportTransition,
    )

    store = import_module(settings.SESSION_ENGINE).SessionStore
    # The backend a password sign-in records (django-axes' comes first and only counts failures).
    backend = next(path for path in settings.AUTHENTICATION_BACKENDS if not path.startswith("axes."))

    def session(user) -> str:
        """The session a sign-in leaves, without the password check: who, by which backend, the password's hash
        (so a password change would end it), and no authenticator enrolled (agencies.middleware)."""
        new = store()
        new[SESSION_KEY] = user._meta.pk.value_to_string(user)
        new[BACKEND_SESSION_KEY] = backend
        new[HASH_SESSION_KEY] = user.get_session_auth_hash()
        new[ENROLLED] = False
        new.create()
        return new.session_key

    today = timezone.localdate()
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM portal_lightsnapshot WHERE date = %s LIMIT 1", [today])
        if cursor.fetchone() is None:
            snapshots_recompute()
    period = ReportingPeriod.objects.order_by("-start").first()
    reports = list(PrefectureReport.objects.filter(period=period).select_related("prefecture")
                   .order_by("prefecture__order", "pk"))
    total = len(reports)
    if sample and sample < total:
        reports = [reports[i * total // sample] for i in range(sample)]
    with transaction.atomic():
        reset = PrefectureReport.objects.filter(period=period).exclude(status=ReportStatus.DRAFT).update(
            status=ReportStatus.DRAFT, first_submitted_at=None, submitted_at=None, is_late=False, return_reason="")
        reporters = []
        for report in reports:
            user, created = User.objects.get_or_create(username=f"rush-{report.prefecture_id}",
                                                       defaults={"agency": report.prefecture})
            if created:
                user.set_unusable_password()
                user.save(update_fields=["password"])
                user_set_roles(user=user, roles=[Role.PREFECTURE_REPORTER])
            reporters.append({"report": report.pk, "prefecture": report.prefecture.name, "session": session(user)})
        leader = User.objects.get(username="leader")
        plan = {"reporters": reporters, "leaders": [session(leader) for _ in range(leaders)],
                "trivial": [session(leader) for _ in range(trivial)]}
    ids = [report.pk for report in reports]
    plan |= {"period": str(period), "reports_total": total, "reset": reset, "prepared_at": timezone.now().isoformat(),
             "before": {"items": ReportItem.objects.count(), "lines": ReportIndicatorLine.objects.count(),
                        "transitions": ReportTransition.objects.filter(report_id__in=ids).count()}}
    return plan


def rush_check(plan: dict, seen: dict) -> dict:
    """What the database holds after the run against what each reporter's browser was told: every acknowledged
    submit is a submitted report with one new transition; the values are those of the last acknowledged POST (the
    second save's, sent again by Submit); one history row per item, line and report for each save, one more for
    the report's submission; no item or line more or less."""
    # Here, not at the top: these modules need Django's settings and app registry, set up by the child (main).
    from django.db.models import Count
    from django.utils.dateparse import parse_datetime

    from reporting.models import (
        PrefectureReport,
        ReportIndicatorLine,
        ReportItem,
        ReportStatus,
        ReportTransition,
    )

    since = parse_datetime(plan["prepared_at"])
    ids = [r["report"] for r in plan["reporters"]]

    def per_report(queryset, key="report_id") -> dict:
        return dict(queryset.values_list(key).annotate(n=Count("pk")).values_list(key, "n"))

    transitions = per_report(ReportTransition.objects.filter(report_id__in=ids, at__gte=since))
    report_rows = per_report(PrefectureReport.history.filter(id__in=ids, history_date__gte=since), "id")
    item_rows = per_report(ReportItem.history.filter(report_id__in=ids, history_date__gte=since))
    line_rows = per_report(ReportIndicatorLine.history.filter(report_id__in=ids, history_date__gte=since))
    items, lines = {}, {}
    for row in ReportItem.objects.filter(report_id__in=ids).values("pk", "report_id", "status", "narrative",
                                                                   "problems"):
        items.setdefault(row["report_id"], {})[row["pk"]] = row
    for row in ReportIndicatorLine.objects.filter(report_id__in=ids).values(
            "pk", "report_id", "value", "numerator", "denominator", "source_note", "indicator__rollup_method"):
        lines.setdefault(row["report_id"], {})[row["pk"]] = row
    reports = PrefectureReport.objects.in_bulk(ids)

    check = {"reports": len(ids), "submitted": 0, "acknowledged_submits": 0, "lost": 0, "duplicated": 0,
             "unacknowledged": 0, "values_checked": 0, "values_wrong": 0, "fields_not_on_form": 0,
             "history_rows": {"expected": 0, "found": 0}, "transitions": {"expected": 0, "found": 0},
             "examples": []}
    for report_id in ids:
        client = seen["reporters"].get(str(report_id)) or {"stage": "never started", "saves_ok": 0,
                                                           "submitted": False, "sent": None, "attempted": None}
        report = reports[report_id]
        n_items, n_lines = len(items.get(report_id, {})), len(lines.get(report_id, {}))
        saves, submits = client["saves_ok"], int(client["submitted"])
        in_db = report.status == ReportStatus.SUBMITTED and report.first_submitted_at is not None
        check["submitted"] += in_db and transitions.get(report_id, 0) == 1
        check["acknowledged_submits"] += submits
        # Acknowledged: one history row per item, line and report for each save, one more for the report and a
        # transition for the submission. The POST the browser gave up on may have been written too, once.
        least = {"report": saves + submits, "items": saves * n_items, "lines": saves * n_lines,
                 "transitions": submits}
        pending = client["stage"].removeprefix("post ") if client["stage"].startswith("post ") else None
        most = dict(least)
        if pending in ("save 1", "save 2"):
            most |= {"report": least["report"] + 1, "items": least["items"] + n_items,
                     "lines": least["lines"] + n_lines}
        elif pending == "submit":
            most |= {"report": least["report"] + 1, "transitions": 1}
        found = {"report": report_rows.get(report_id, 0), "items": item_rows.get(report_id, 0),
                 "lines": line_rows.get(report_id, 0), "transitions": transitions.get(report_id, 0)}
        check["history_rows"]["expected"] += least["report"] + least["items"] + least["lines"]
        check["history_rows"]["found"] += found["report"] + found["items"] + found["lines"]
        check["transitions"]["expected"] += submits
        check["transitions"]["found"] += found["transitions"]
        unacknowledged = found != least and all(least[k] <= found[k] <= most[k] for k in found)
        # The values stored are the last acknowledged POST's, or the one given up on if it was written after all.
        values = client["attempted"] if unacknowledged and pending != "submit" else client["sent"]
        wrong = _values_wrong(values, items.get(report_id, {}), lines.get(report_id, {})) if values else []
        if values:
            check["values_checked"] += n_items + n_lines
            on_form = {int(pk) for pk in values["items"]} | {int(pk) for pk in values["lines"]}
            check["fields_not_on_form"] += len((items.get(report_id, {}).keys() | lines.get(report_id, {}).keys())
                                               - on_form)
        check["values_wrong"] += len(wrong)
        problem = None
        if wrong or (submits and not in_db) or any(found[k] < least[k] for k in found):
            problem = "lost"
        elif any(found[k] > most[k] for k in found) or (in_db and not submits and pending != "submit"):
            problem = "duplicated"
        elif unacknowledged:
            problem = "unacknowledged"  # written after the browser had given up (a timeout): not lost, not doubled
        if problem:
            check[problem] += 1
        if problem and len(check["examples"]) < 10:
            check["examples"].append({"report": report_id, "problem": problem, "client": {
                k: client[k] for k in ("stage", "saves_ok", "submitted")}, "least": least, "found": found,
                "status": report.status, "wrong": wrong[:3]})
    check["items"] = {"before": plan["before"]["items"], "after": ReportItem.objects.count()}
    check["lines"] = {"before": plan["before"]["lines"], "after": ReportIndicatorLine.objects.count()}
    check["duplicated"] += abs(check["items"]["after"] - check["items"]["before"]) \
        + abs(check["lines"]["after"] - check["lines"]["before"])
    # Nothing but the rush's reports was written to.
    check["other_reports_written"] = PrefectureReport.history.filter(history_date__gte=since).exclude(
        id__in=ids).count()
    return check


def _values_wrong(sent: dict, items: dict, lines: dict) -> list[str]:
    """The fields whose stored value is not what was sent (as report_save stores it: text stripped, a ratio's
    value computed from its parts to four places)."""
    wrong = []
    for pk, (status, narrative, problems) in sent["items"].items():
        row = items.get(int(pk))
        if row is None or (row["status"], row["narrative"], row["problems"]) != (status, narrative.strip(),
                                                                                  problems.strip()):
            wrong.append(f"item {pk}")
    for pk, values in sent["lines"].items():
        row = lines.get(int(pk))
        if row is None:
            wrong.append(f"line {pk}")
            continue
        expected = {"source_note": values.get("source_note", "").strip()}
        if "denominator" in values:
            numerator, denominator = Decimal(values["numerator"]), Decimal(values["denominator"])
            expected |= {"numerator": numerator, "denominator": denominator}
            if row["indicator__rollup_method"] == "ratio":
                expected["value"] = (numerator / denominator * 100).quantize(Decimal("0.0001"))
        if "value" in values and "value" not in expected:
            expected["value"] = Decimal(values["value"])
        if any(row[field] != value for field, value in expected.items()):
            wrong.append(f"line {pk}")
    return wrong


# ---------------------------------------------------------------------------------------------------------------
# The run (parent process)


def _serve(env: dict, port: int, *, workers: int, worker_class: str, threads: int, log) -> subprocess.Popen:
    command = [servers.PYTHON, "-m", "gunicorn", "yunnan_emergency.wsgi", "-b", f"127.0.0.1:{port}",
               "-w", str(workers), "-k", worker_class, "--access-logfile", "-", "--error-logfile", "-"]
    if worker_class == "gthread":
        command += ["--threads", str(threads)]
    server = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
                              start_new_session=True)
    for _ in range(150):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return server
        except OSError:
            if server.poll() is not None:
                raise RuntimeError(f"gunicorn exited ({server.returncode}); see {log.name}") from None
            time.sleep(0.2)
    raise RuntimeError(f"gunicorn did not listen on {port}; see {log.name}")


def _warm(base: str, plan: dict, workers: int) -> None:
    """Each worker loads its templates and URL resolvers once: a few requests of each kind before the clock."""
    session = plan["trivial"][0] if plan["trivial"] else plan["leaders"][0]
    paths = ["/bench/trivial/", "/dashboard/"]
    paths += [f"/reports/{plan['reporters'][0]['report']}/"] if plan["reporters"] else []
    for _ in range(2 * workers):
        for path in paths:
            request = urllib.request.Request(base + path, headers={"Cookie": f"sessionid={session}"})
            with urllib.request.urlopen(request, timeout=120) as response:
                response.read()


def _cpu_busy() -> tuple[int, int]:
    """(busy, total) jiffies of the whole machine, from /proc/stat."""
    with open("/proc/stat") as stat:
        fields = [int(v) for v in stat.readline().split()[1:]]
    idle = fields[3] + fields[4]
    return sum(fields) - idle, sum(fields)


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


ACCESS_STATUS = re.compile(r'" (\d{3}) (?:\d+|-) "')


def _server_log(path: Path) -> dict:
    """5xx answers, worker timeouts and tracebacks in gunicorn's log (its access lines and Django's errors)."""
    text = path.read_text(encoding="utf-8", errors="replace")
    statuses = [int(code) for code in ACCESS_STATUS.findall(text)]
    tracebacks = [m.start() for m in re.finditer(r"Traceback \(most recent call last\)", text)]
    first = ""
    if tracebacks:
        start = text.rfind("\n", 0, tracebacks[0]) + 1
        start = text.rfind("\n", 0, start - 1) + 1  # the logger's line above it names the request
        first = "\n".join(text[start:].splitlines()[:80])
    return {"answers": len(statuses), "status_5xx": sum(1 for s in statuses if s >= 500),
            "status_4xx": sum(1 for s in statuses if 400 <= s < 500),
            "worker_timeouts": text.count("WORKER TIMEOUT"), "tracebacks": len(tracebacks),
            "first_traceback": first, "path": str(path)}


def _figures(name: str, times: list) -> dict:
    values = [ms for ms, _ok in times]
    if not values:
        return {"name": name, "requests": 0, "failures": 0, "median_ms": None, "p95_ms": None, "max_ms": None}
    return {"name": name, "requests": len(values), "failures": sum(1 for _ms, ok in times if not ok),
            "median_ms": statistics.median(values), "p95_ms": servers.p95(values), "max_ms": max(values)}


def measure_rush(scale: int, *, workers: int, worker_class: str = "sync", threads: int = 1,
                 seconds_bound: int = 300, leaders: int = 4, trivial: int = 2, arrival_seconds: float = 60,
                 think: tuple[float, float] = (1.0, 3.0), timeout_seconds: float = 60, keep_alive: bool = False,
                 reporters: int | None = None, keep_database: bool = False) -> dict:
    """The rush at scale N on gunicorn with `workers` of `worker_class` (× `threads` for gthread): reporters
    arrive evenly over `arrival_seconds` and think `think` seconds before each save and the submit; `leaders`
    reload the dashboard every 2–5 s; `trivial` users ask for the trivial view twice a second. Ends when every
    reporter is through or after `seconds_bound`. A request unanswered after `timeout_seconds` is an error (a
    reverse proxy in front gives up after 60 s by default). Each request comes on a new connection, as through a
    proxy, unless `keep_alive`. `reporters`: that many of the 16×N, spread over the provinces (all by default).
    The clone is dropped afterwards unless `keep_database`."""
    config = {"reporters_of_16n": reporters or "all", "workers": workers, "worker_class": worker_class,
              "threads": threads if worker_class == "gthread" else 1, "seconds_bound": seconds_bound,
              "leaders": leaders, "trivial_users": trivial,
              "arrival_seconds": arrival_seconds, "think_seconds": list(think), "timeout_seconds": timeout_seconds,
              "keep_alive": keep_alive, "db_conn_max_age": os.environ.get("DB_CONN_MAX_AGE", "the settings' default")}
    clone = clone_create(scale)
    work = Path(tempfile.mkdtemp(prefix=f"rush-n{scale}-"))
    label = f"{worker_class}-{workers}" + (f"x{threads}" if worker_class == "gthread" else "")
    server_log_path = Path(tempfile.gettempdir()) / f"bench-rush-n{scale}-{label}.log"
    # The clone, and a var directory of its own: jobs a submit queues (its problems collected) go to a
    # throw-away filesystem queue, not the developer's.
    env = {**servers.env_for(scale), "DATABASE_URL": f"{servers.SERVER}/{clone}", "VAR_DIR": str(work / "var")}
    (work / "var" / "celery" / "queue").mkdir(parents=True)
    try:
        subprocess.run([servers.PYTHON, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True)
        plan_path, seen_path = work / "plan.json", work / "seen.json"
        prepared = subprocess.run([servers.PYTHON, __file__, "--prepare", str(plan_path), "--leaders", str(leaders),
                                   "--trivial", str(trivial), "--reporters", str(reporters or 0)], cwd=ROOT, env=env,
                                  capture_output=True, text=True)
        if prepared.returncode:
            raise RuntimeError(prepared.stderr)
        plan = json.loads(plan_path.read_text(encoding="utf-8"))
        plan |= {"think": list(think), "arrival_seconds": arrival_seconds, "leader_wait": [2, 5],
                 "trivial_pacing": 0.5, "timeout_seconds": timeout_seconds, "keep_alive": keep_alive}
        plan_path.write_text(json.dumps(plan), encoding="utf-8")
        port = servers.free_port()
        base = f"http://127.0.0.1:{port}"
        with open(server_log_path, "w") as log:
            server = _serve(env, port, workers=workers, worker_class=worker_class, threads=threads, log=log)
            try:
                _warm(base, plan, workers)
                users = len(plan["reporters"]) + leaders + trivial
                load_average = os.getloadavg()[0]  # others' work on the machine, for the record
                cpu_before, busy_before = _children_cpu(), _cpu_busy()
                started = time.monotonic()
                load = subprocess.run(
                    [servers.PYTHON, "-m", "locust", "-f", str(ROOT / "bench" / "locustfile.py"), "--headless",
                     "--host", base, "--users", str(users), "--spawn-rate", str(users), "--run-time",
                     f"{seconds_bound}s", "--stop-timeout", "0", "--only-summary", "--loglevel", "WARNING",
                     "--exit-code-on-error", "0"],
                    cwd=ROOT, env={**os.environ, "RUSH_PLAN": str(plan_path), "RUSH_OUT": str(seen_path)},
                    capture_output=True, text=True, timeout=seconds_bound + 120)
                seconds = time.monotonic() - started
                load_cpu, busy_after = _children_cpu() - cpu_before, _cpu_busy()
            finally:
                server_cpu = _children_cpu()
                os.killpg(server.pid, signal.SIGTERM)
                server.wait(timeout=60)
                server_cpu = _children_cpu() - server_cpu
        if not seen_path.exists():
            raise RuntimeError(f"locust wrote nothing (exit {load.returncode}):\n{load.stderr[-3000:]}")
        seen = json.loads(seen_path.read_text(encoding="utf-8"))
        checked = subprocess.run([servers.PYTHON, __file__, "--check", str(plan_path), str(seen_path)], cwd=ROOT,
                                 env=env, capture_output=True, text=True)
        if checked.returncode:
            raise RuntimeError(checked.stderr)
        db_check = json.loads(checked.stdout.strip().splitlines()[-1])
    finally:
        if not keep_database:
            clone_drop(clone)
        for path in sorted(work.rglob("*"), reverse=True):
            path.unlink() if path.is_file() else path.rmdir()
        work.rmdir()
    times = seen["times"]
    busy, total = busy_after[0] - busy_before[0], busy_after[1] - busy_before[1]
    return {
        "scale": scale, "reporters": len(plan["reporters"]), "reports_total": plan["reports_total"],
        "finished": seen["finished"], "config": config,
        "label": label, "reset_to_draft": plan["reset"],
        "steps": [_figures(name, times.get(name, [])) for name in STEPS],
        "dashboard": _figures("dashboard page", times.get("dashboard page", [])),
        "dashboard_charts": [_figures(name, rows) for name, rows in sorted(times.items())
                             if name.startswith("dashboard chart")],
        "trivial": _figures("trivial view", times.get("trivial view", [])),
        "errors": sum(1 for rows in times.values() for _ms, ok in rows if not ok),
        "error_examples": seen["errors"][:20], "db_check": db_check, "seconds": seconds,
        "requests": sum(len(rows) for rows in times.values()),
        "flow_seconds": _figures("reporter's flow, open to submitted (s)",
                                 [[r["seconds"], True] for r in seen["reporters"].values() if r["seconds"]]),
        "cpu": {"load_generator_s": load_cpu, "server_s": server_cpu,
                "machine_busy_pct": 100 * busy / total if total else None, "load_average_before": load_average},
        "load_generator_warnings": [line for line in load.stderr.splitlines()
                                    if "WARNING" in line and "spawn rate is very high" not in line][:5],
        "server_log": _server_log(server_log_path),
    }


# ---------------------------------------------------------------------------------------------------------------
# Report


def _ms(value) -> str:
    return "—" if value is None else f"{value:.0f}" if value >= 100 else f"{value:.1f}"


def render_rush(results: list[dict]) -> list[str]:
    """Markdown: the runs' outcome, then each step's figures beside the trivial view's under the same load."""
    lines = ["| N | gunicorn | reporters | submitted (checked in the database) | run s | reporter's flow s, median / "
             "p95 | requests/s | errors | lost | duplicated | server log: 5xx, tracebacks, worker timeouts | "
             "CPU s: server, locust | machine busy | load average before |",
             "|---:|---|---:|---:|---:|---|---:|---:|---:|---:|---|---|---:|---:|"]
    for r in results:
        check, log, cpu, flow = r["db_check"], r["server_log"], r["cpu"], r["flow_seconds"]
        busy = f"{cpu['machine_busy_pct']:.0f} %" if cpu["machine_busy_pct"] is not None else "—"
        reporters = f"{r['reporters']:,}" + (f" of {r['reports_total']:,}" if r["reporters"] < r["reports_total"]
                                             else "")
        lines.append(f"| {r['scale']} | {r['label']} | {reporters} | {check['submitted']:,} | "
                     f"{r['seconds']:.0f} | {_ms(flow['median_ms'])} / {_ms(flow['p95_ms'])} | "
                     f"{r['requests'] / r['seconds']:.1f} | {r['errors']} | {check['lost']} | "
                     f"{check['duplicated']} | {log['status_5xx']}, {log['tracebacks']}, {log['worker_timeouts']} | "
                     f"{cpu['server_s']:.0f}, {cpu['load_generator_s']:.0f} | {busy} | "
                     f"{cpu['load_average_before']:.1f} |")
    lines += ["", "| N | gunicorn | step | requests | failures | median ms | p95 ms | max ms | p95 ÷ trivial p95 |",
              "|---:|---|---|---:|---:|---:|---:|---:|---:|"]
    for r in results:
        floor = r["trivial"]["p95_ms"]
        for row in [*r["steps"], r["dashboard"], *r["dashboard_charts"], r["trivial"]]:
            ratio = f"{row['p95_ms'] / floor:.1f}×" if floor and row["p95_ms"] is not None else "—"
            lines.append(f"| {r['scale']} | {r['label']} | {row['name']} | {row['requests']:,} | {row['failures']} | "
                         f"{_ms(row['median_ms'])} | {_ms(row['p95_ms'])} | {_ms(row['max_ms'])} | {ratio} |")
    return lines


def rush_targets(results: list[dict]) -> list[str]:
    """One line a run: MET when every reporter submitted, no request failed (no 5xx either) and nothing was lost or
    duplicated."""
    out = []
    for r in results:
        check = r["db_check"]
        # every reporter through, too: a run the time bound cut short has not shown the rush served
        ok = (r["errors"] == 0 and check["lost"] == 0 and check["duplicated"] == 0
              and r["server_log"]["status_5xx"] == 0 and check["submitted"] == r["reporters"])
        who = f", {r['reporters']:,} of its {r['reports_total']:,} reporters" \
            if r["reporters"] < r.get("reports_total", r["reporters"]) else ""
        cut = r["finished"] < r["reporters"] and r["seconds"] >= r["config"]["seconds_bound"]
        out.append(f"- Deadline-day rush at N={r['scale']}{who} ({r['label']}): {'MET' if ok else 'MISSED'} "
                   f"({r['errors']} errors, {check['lost']} lost, {check['duplicated']} duplicated; "
                   f"{check['submitted']:,} of {r['reporters']:,} reports submitted in {r['seconds']:.0f} s"
                   + (f", the {r['config']['seconds_bound']} s bound reached" if cut else "")
                   + (f"; {check['unacknowledged']} written after the browser had given up"
                      if check["unacknowledged"] else "") + ").")
    return out


def _config(text: str) -> dict:
    """sync:2 → two sync workers; gthread:2x4 → two gthread workers of four threads."""
    kind, _, size = text.partition(":")
    workers, _, threads = size.partition("x")
    return {"worker_class": kind, "workers": int(workers or os.cpu_count()), "threads": int(threads or 1)}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scales", type=int, nargs="+", default=[1, 10])
    parser.add_argument("--configs", nargs="+", default=[f"sync:{os.cpu_count()}"],
                        help="gunicorn worker class and count: sync:2, gthread:2x4")
    parser.add_argument("--seconds", type=int, default=300, help="time bound of each run")
    parser.add_argument("--arrival", type=float, default=60, help="seconds over which the reporters arrive")
    parser.add_argument("--think", type=float, nargs=2, default=[1.0, 3.0])
    parser.add_argument("--leaders", type=int, default=4)
    parser.add_argument("--trivial", type=int, default=2)
    parser.add_argument("--reporters", type=int, default=0, help="only this many reporters (0: all 16×N)")
    parser.add_argument("--keep-alive", action="store_true", help="reuse connections (no proxy in front)")
    parser.add_argument("--timeout", type=float, default=60, help="seconds a request may wait for its answer")
    parser.add_argument("--keep", action="store_true", help="keep the clone yunnan_rush_n<N> afterwards")
    parser.add_argument("--prepare", help=argparse.SUPPRESS)
    parser.add_argument("--check", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.prepare or args.check:
        django.setup()
    if args.prepare:
        plan = rush_prepare(leaders=args.leaders, trivial=args.trivial, sample=args.reporters or None)
        Path(args.prepare).write_text(json.dumps(plan), encoding="utf-8")
        return
    if args.check:
        plan, seen = (json.loads(Path(p).read_text(encoding="utf-8")) for p in args.check)
        print(json.dumps(rush_check(plan, seen), default=str))
        return
    results = []
    for scale in args.scales:
        for text in args.configs:
            print(f"N={scale} {text}: rush …", flush=True)
            results.append(measure_rush(scale, **_config(text), seconds_bound=args.seconds, leaders=args.leaders,
                                        trivial=args.trivial, arrival_seconds=args.arrival, think=tuple(args.think),
                                        timeout_seconds=args.timeout, keep_alive=args.keep_alive,
                                        reporters=args.reporters or None, keep_database=args.keep))
    lines = [f"# Deadline-day rush — {datetime.now(UTC):%Y-%m-%d %H:%M} UTC", "", *render_rush(results), "",
             *rush_targets(results)]
    print("\n".join(lines))
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "rush-latest.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (RESULTS / "rush-latest.json").write_text(json.dumps(results, indent=1, default=str), encoding="utf-8")


if __name__ == "__main__":
    main()
