"""The dashboard and its JSON: figures from snapshots, scoping by role, fixed query counts."""

from datetime import date
from decimal import Decimal

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from agencies.models import Agency
from indicators.models import Indicator
from indicators.services import indicator_value_add
from recompute.services import snapshots_recompute
from reporting.services import ItemInput, LineInput, item_update_status, period_open, report_save, report_submit
from tasks.models import Task

ENDPOINTS = ["summary", "groups", "units", "map", "trend"]


def seed(users, months=("2025-06-01", "2025-09-01", "2026-01-05")):
    """A completed task, a measured value, one submitted report, and snapshots on the given days."""
    with time_machine.travel("2025-05-01 09:00 +0800"):
        task = Task.objects.get(code="4.1")
        item_update_status(item=task, status="completed", percent=100, narrative="完成", actor=users["fire"],
                           expected_version=task.version)
        indicator_value_add(indicator=Indicator.objects.get(code="I30"), value=Decimal("0.8"),
                            as_of=date(2025, 4, 30), source="省林草局", actor=users["coordinator"])
    with time_machine.travel("2025-07-01 09:00 +0800"):
        period = period_open(year=2025, number=2, actor=users["coordinator"])
        report = period.reports.get(prefecture__name="昆明市")
        report = report_save(report=report, actor=users["kunming"], expected_version=report.version,
                             items={i.pk: ItemInput(narrative="推进") for i in report.items.all()},
                             lines={report.indicator_lines.get(indicator__code="I11").pk:
                                    LineInput(value=Decimal(9))})
        report_submit(report=report, actor=users["kunming"])
    snapshots(months)


def snapshots(months):
    for day in months:
        with time_machine.travel(f"{day} 09:00 +0800"):
            snapshots_recompute()


def test_summary_and_charts_for_leadership(users, client_for):
    seed(users)
    with time_machine.travel("2026-01-05 10:00 +0800"):
        check_leadership_view(client_for("leader"))


def check_leadership_view(client):
    summary = client.get("/api/v1/dashboard/summary/").json()
    html = client.get("/dashboard/").content.decode()
    assert summary["snapshot_date"] == "2026-01-05"
    assert summary["tasks"]["green"] >= 1 and sum(summary["tasks"].values()) == Task.objects.count()
    assert summary["targets"]["achieved"] == 1  # 森林火灾受害率 0.8‰ ≤ 0.9‰
    assert summary["reports"]["on_time"] == 1 and summary["reports"]["expected"] == 16
    assert summary["days_to_2025_end"] == -5
    targets = html[html.index("2025年"):] if "2025年" in html else html
    days = html.split('id="fig-days">')[1].split("</div>")[0]
    assert 'id="chart-map"' in html and "灾害预警信息发布公众覆盖率" in targets and "5" in days
    groups = client.get("/api/v1/dashboard/groups/").json()
    assert [g["number"] for g in groups] == list(range(1, 8))
    assert sum(g["red"] + g["yellow"] + g["green"] + g["grey"] for g in groups) == Task.objects.count()
    trend = client.get("/api/v1/dashboard/trend/").json()
    assert [t["month"] for t in trend] == ["2025-06", "2025-09", "2026-01"]
    units = client.get("/api/v1/dashboard/units/").json()
    reds = [u["lead_red"] + u["part_red"] for u in units]
    assert reds == sorted(reds, reverse=True) and units[0]["agency"]
    kunming_map = {row["name"]: row for row in client.get("/api/v1/dashboard/map/").json()}
    assert len(kunming_map) == 16 and kunming_map["昆明市"]["reporting_rate"] == 100.0
    assert kunming_map["大理白族自治州"]["reporting_rate"] == 0.0
    by_value = {r["name"]: r["value"] for r in client.get("/api/v1/dashboard/map/",
                                                            {"measure": "indicator", "indicator": "I11"}).json()}
    assert by_value["昆明市"] == 9 and by_value["大理白族自治州"] is None
    assert client.get("/api/v1/dashboard/map/", {"measure": "nonsense"}).status_code == 400


def test_others_see_their_own_agency_only(users, client_for):
    seed(users, months=("2026-01-05",))
    kunming = client_for("kunming")
    own = Agency.objects.get(name="昆明市")
    response = kunming.get("/dashboard/")
    assert response.status_code == 302 and response.url == f"/dashboard/agency/{own.pk}/"
    assert kunming.get(response.url).status_code == 200
    dali = Agency.objects.get(name="大理白族自治州")
    assert kunming.get(f"/dashboard/agency/{dali.pk}/").status_code == 404
    assert kunming.get("/api/v1/dashboard/summary/", {"agency": dali.pk}).status_code == 403
    assert kunming.get("/api/v1/dashboard/units/").status_code == 403
    assert kunming.get("/api/v1/dashboard/map/").status_code == 403
    mine = kunming.get("/api/v1/dashboard/summary/").json()
    assert sum(mine["tasks"].values()) == Task.objects.for_agency(own).count()
    assert client_for("coordinator").get(f"/dashboard/agency/{dali.pk}/").status_code == 200


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_query_counts_do_not_grow_with_snapshots_or_reports(users, client_for, endpoint):
    seed(users, months=("2025-06-01",))
    client = client_for("leader")

    def count():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(f"/api/v1/dashboard/{endpoint}/").status_code == 200
        return len(captured)

    few = count()
    snapshots(("2025-07-01", "2025-08-01", "2025-09-01", "2025-10-01", "2025-11-01"))
    assert count() == few <= 12


def test_dashboard_page_query_count_is_fixed(users, client_for):
    seed(users, months=("2025-06-01",))
    client = client_for("leader")
    with CaptureQueriesContext(connection) as first:
        client.get("/dashboard/")
    snapshots(("2025-07-01", "2025-08-01"))
    with CaptureQueriesContext(connection) as second:
        client.get("/dashboard/")
    assert len(first) == len(second) <= 25


def test_indicator_page_has_history_and_prefecture_values(users, client_for):
    seed(users, months=("2025-06-01",))
    with time_machine.travel("2025-07-02 10:00 +0800"):
        html = client_for("leader").get("/indicators/I11/").content.decode()
        fire = client_for("leader").get("/indicators/I30/").content.decode()
    rows = html.split('id="prefecture-values"')[1]
    assert "昆明市" in rows and "9件" in rows and rows.count("<tr>") == 17
    assert 'id="indicator-data"' in fire and "2025-04-30" in fire


def test_targets_carry_the_light_of_the_newest_snapshot(users):
    from dashboard.selectors import targets_by_goal_area
    from snapshots.models import LightSnapshot

    seed(users)
    targets = [ind for group in targets_by_goal_area() for ind in group["indicators"]]
    assert targets and all(ind.light for ind in targets)
    for ind in targets:
        snapshot = LightSnapshot.objects.get(kind="indicator", date=date(2026, 1, 5), subject_id=ind.pk)
        assert (ind.light, ind.reason, ind.progress) == (snapshot.light, snapshot.reason, snapshot.progress)


def ranked_in_python(limit):
    """The bulletin's order, as the dashboard first computed it in Python: red, then yellow, then name."""
    from snapshots.models import RollupScope, RollupSnapshot

    day = RollupSnapshot.objects.latest("date").date
    names = dict(Agency.objects.values_list("pk", "name"))
    tally = {}
    for row in RollupSnapshot.objects.filter(date=day, scope__in=["agency_lead", "agency_participant"]):
        entry = tally.setdefault(row.scope_id, {"agency": names.get(row.scope_id, ""), "id": row.scope_id,
                                                "lead_red": 0, "lead_yellow": 0, "part_red": 0, "part_yellow": 0})
        prefix = "lead" if row.scope == RollupScope.AGENCY_LEAD else "part"
        entry[f"{prefix}_red"], entry[f"{prefix}_yellow"] = row.red, row.yellow
    return sorted(tally.values(), key=lambda e: (-(e["lead_red"] + e["part_red"]),
                                                 -(e["lead_yellow"] + e["part_yellow"]), e["agency"]))[:limit]


def test_units_are_ranked_in_the_database_as_in_python(users):
    from dashboard.selectors import units

    seed(users)
    everyone = units(limit=1000)
    assert len(everyone) > 15 and everyone == ranked_in_python(1000)
    assert units() == ranked_in_python(15)
    assert len({(u["lead_red"] + u["part_red"], u["lead_yellow"] + u["part_yellow"]) for u in everyone}) > 1


def test_a_goal_area_with_many_targets_shows_the_furthest_behind_and_links_to_all(users, client_for, monkeypatch):
    from dashboard import selectors as dashboard
    from recompute.services import snapshots_recompute

    snapshots_recompute()
    areas = {row["area"].number: row for row in dashboard.targets_by_goal_area()}
    assert all(row["more"] == 0 for row in areas.values())  # Yunnan's areas are shown whole
    monkeypatch.setattr(dashboard, "TARGETS_SHOWN", 1)  # Yunnan has at most two headline targets an area
    capped = {row["area"].number: row for row in dashboard.targets_by_goal_area()}
    assert any(row["more"] for row in capped.values())
    for number, row in capped.items():
        everything = areas[number]["indicators"]
        assert len(row["indicators"]) == min(1, len(everything))
        assert row["more"] == max(len(everything) - 1, 0)
        order = [dashboard.LIGHT_ORDER.get(ind.light, 3) for ind in everything]
        assert max(dashboard.LIGHT_ORDER.get(ind.light, 3) for ind in row["indicators"]) <= sorted(order)[
            len(row["indicators"]) - 1]
    page = client_for("leader").get("/dashboard/").content.decode()
    assert "indicators/?goal_area=" in page
