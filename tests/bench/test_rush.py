"""The deadline-day rush (bench/rush.py) as its load test drives it: the locust users of bench/locustfile.py read
the real report page's form and post it, and the database check finds each report submitted once with the second
save's values. A few reporters and no think time: seconds, not the benchmark's minutes."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from bench.rush import rush_check, rush_prepare
from reporting.models import PrefectureReport, ReportStatus

# The live server answers from threads of its own, each with its own connection: PostgreSQL (SQLite's test
# database is one in-memory connection).
pytestmark = pytest.mark.django_db(transaction=True)

ROOT = Path(__file__).resolve().parents[2]


def rush(plan: dict, host: str, folder: Path) -> dict:
    plan_path, seen_path = folder / "plan.json", folder / "seen.json"
    plan_path.write_text(json.dumps(plan), encoding="utf-8")
    users = len(plan["reporters"]) + len(plan["leaders"])
    subprocess.run([sys.executable, "-m", "locust", "-f", str(ROOT / "bench" / "locustfile.py"), "--headless",
                    "--host", host, "--users", str(users), "--spawn-rate", str(users), "--run-time", "60s",
                    "--only-summary", "--loglevel", "WARNING", "--exit-code-on-error", "0"],
                   cwd=ROOT, env={**os.environ, "RUSH_PLAN": str(plan_path), "RUSH_OUT": str(seen_path)},
                   check=True, capture_output=True, timeout=90)
    return json.loads(seen_path.read_text(encoding="utf-8"))


def test_each_reporter_submits_once_with_its_second_saves_values(postgresql, users, period, live_server, tmp_path):
    PrefectureReport.objects.filter(period=period, prefecture__name="昆明市").update(status=ReportStatus.ACCEPTED)
    plan = rush_prepare(leaders=1, trivial=0)
    assert plan["reset"] == 1  # the accepted report is a draft again, to be submitted in the rush
    plan["reporters"] = plan["reporters"][:3]
    # Keep-alive: the test server closes a connection the client asked to close without saying so in its answer,
    # and the client would send its next request down the closed connection (gunicorn says so).
    plan |= {"think": [0, 0], "arrival_seconds": 0, "leader_wait": [0.1, 0.2], "trivial_pacing": 1,
             "keep_alive": True}

    seen = rush(plan, live_server.url, tmp_path)

    assert seen["errors"] == []
    assert seen["finished"] == 3
    assert set(seen["times"]) >= {"open report", "save draft 1", "save draft 2", "submit",
                                  "reload report", "dashboard page"}
    check = rush_check(plan, seen)
    reports = PrefectureReport.objects.filter(pk__in=[r["report"] for r in plan["reporters"]])
    fields = sum(report.items.count() + report.indicator_lines.count() for report in reports)
    assert (check["submitted"], check["lost"], check["duplicated"], check["unacknowledged"]) == (3, 0, 0, 0)
    assert (check["values_checked"], check["values_wrong"], check["fields_not_on_form"]) == (fields, 0, 0)
    assert check["history_rows"]["found"] == check["history_rows"]["expected"] == 2 * fields + 3 * 3
    assert check["other_reports_written"] == 0
    assert all("第2次保存" in item.narrative for report in reports for item in report.items.all())

    # And the check is not blind: a value overwritten behind the reporter's back is lost, a second submission of
    # the same report duplicated, and a submit the browser gave up on but the server made is neither.
    lost, doubled, late = reports.order_by("pk")
    lost.items.filter(pk=lost.items.first().pk).update(narrative="overwritten")
    doubled.transitions.create(from_status=ReportStatus.DRAFT, to_status=ReportStatus.SUBMITTED,
                               actor=users["coordinator"])
    seen["reporters"][str(late.pk)] |= {"stage": "post submit", "submitted": False}
    check = rush_check(plan, seen)
    assert (check["lost"], check["duplicated"], check["unacknowledged"], check["values_wrong"]) == (1, 1, 1, 1)
