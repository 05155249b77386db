"""The dashboard's JSON (/api/v1/dashboard/…): figures from snapshots as the page shows them, and query counts that
do not grow with snapshots or reports."""

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tasks.models import Task
from tests.factories import activity_seeded, snapshots_on
from tests.responses import element, html_of, json_of

ENDPOINTS = ["summary", "groups", "units", "map", "trend"]


def test_summary_and_charts_for_leadership(users, client_for):
    activity_seeded(users)
    with time_machine.travel("2026-01-05 10:00 +0800"):
        check_leadership_view(client_for("leader"))


def check_leadership_view(client):
    summary = json_of(client.get("/api/v1/dashboard/summary/"))
    html = html_of(client.get("/dashboard/"))
    assert summary["snapshot_date"] == "2026-01-05"
    assert summary["tasks"]["green"] >= 1 and sum(summary["tasks"].values()) == Task.objects.count()
    assert summary["targets"]["achieved"] == 1  # 森林火灾受害率 0.8‰ ≤ 0.9‰
    assert summary["reports"]["on_time"] == 1 and summary["reports"]["expected"] == 16
    assert summary["days_to_2025_end"] == -5
    heading = "2025年主要目标（按目标领域）"
    assert heading in html
    targets = html[html.index(heading):html.index('id="dashboard-labels"')]
    assert 'id="chart-map"' in html and "灾害预警信息发布公众覆盖率" in targets
    assert element(html, "fig-days") == '<div id="fig-days">已结束5天</div>'
    # the plan period has ended: the 2035 horizon, and what became of the plan (终期评估) for leadership
    assert summary["days_to_2035_end"] == 3647 and "距2035年目标还有3647天" in element(html, "fig-horizon")
    final = element(html, "final-evaluation")
    assert "终期评估" in final and "未完成" in final and 'href="/evaluation/final/?outcome=not_completed"' in final
    groups = json_of(client.get("/api/v1/dashboard/groups/"))
    assert [g["number"] for g in groups] == list(range(1, 8))
    assert sum(g["red"] + g["yellow"] + g["green"] + g["grey"] for g in groups) == Task.objects.count()
    trend = json_of(client.get("/api/v1/dashboard/trend/"))
    assert [t["month"] for t in trend] == ["2025-06", "2025-09", "2026-01"]
    units = json_of(client.get("/api/v1/dashboard/units/"))
    reds = [u["lead_red"] + u["part_red"] for u in units]
    assert reds == sorted(reds, reverse=True) and units[0]["agency"]
    kunming_map = {row["name"]: row for row in json_of(client.get("/api/v1/dashboard/map/"))}
    assert len(kunming_map) == 16 and kunming_map["昆明市"]["reporting_rate"] == 100.0
    assert kunming_map["大理白族自治州"]["reporting_rate"] == 0.0
    by_value = {r["name"]: r["value"] for r in json_of(client.get("/api/v1/dashboard/map/",
                                                                  {"measure": "indicator", "indicator": "I11"}))}
    assert by_value["昆明市"] == 9 and by_value["大理白族自治州"] is None
    pending = {r["name"]: r["indicator_pending"] for r in json_of(client.get(
        "/api/v1/dashboard/map/", {"measure": "indicator", "indicator": "I11"}))}
    assert pending["昆明市"] and not pending["大理白族自治州"]  # submitted, not yet accepted: marked
    assert client.get("/api/v1/dashboard/map/", {"measure": "nonsense"}).status_code == 400


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_query_counts_do_not_grow_with_snapshots_or_reports(users, client_for, endpoint):
    activity_seeded(users, days=("2025-06-01",))
    client = client_for("leader")

    def count():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(f"/api/v1/dashboard/{endpoint}/").status_code == 200
        return len(captured)

    few = count()
    snapshots_on(("2025-07-01", "2025-08-01", "2025-09-01", "2025-10-01", "2025-11-01"))
    assert count() == few <= 12
