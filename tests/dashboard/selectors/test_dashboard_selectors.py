"""The dashboard's selectors: targets by goal area carrying their newest light, the furthest behind first, and
units ranked by red and yellow items in the database."""

from datetime import date

from agencies.models import Agency
from core.lights import LIGHT_RANK
from dashboard import selectors as dashboard
from dashboard.selectors import targets_by_goal_area, units
from recompute.services import snapshots_recompute
from snapshots.models import LightSnapshot, RollupScope, RollupSnapshot
from tests.factories import activity_seeded
from tests.responses import html_of


def test_targets_carry_the_light_of_the_newest_snapshot(users):
    activity_seeded(users)
    targets = [ind for group in targets_by_goal_area() for ind in group["indicators"]]
    assert targets and all(ind.light for ind in targets)
    for ind in targets:
        snapshot = LightSnapshot.objects.get(kind="indicator", date=date(2026, 1, 5), subject_id=ind.pk)
        assert (ind.light, ind.reason, ind.progress) == (snapshot.light, snapshot.reason, snapshot.progress)


def ranked_in_python(limit):
    """The bulletin's order, as the dashboard first computed it in Python: red, then yellow, then name."""
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
    activity_seeded(users)
    everyone = units(limit=1000)
    assert len(everyone) > 15 and everyone == ranked_in_python(1000)
    assert units() == ranked_in_python(15)
    assert len({(u["lead_red"] + u["part_red"], u["lead_yellow"] + u["part_yellow"]) for u in everyone}) > 1


def test_a_goal_area_with_many_targets_shows_the_furthest_behind_and_links_to_all(users, client_for, monkeypatch):
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
        order = [LIGHT_RANK.get(ind.light, 3) for ind in everything]
        assert max(LIGHT_RANK.get(ind.light, 3) for ind in row["indicators"]) <= sorted(order)[
            len(row["indicators"]) - 1]
    page = html_of(client_for("leader").get("/dashboard/"))
    assert "indicators/?goal_area=" in page


def test_the_map_names_each_prefecture_short_and_the_targets_say_how_many_are_not_assessed(users, client_for):
    snapshots_recompute()
    rows = client_for("leader").get("/api/v1/dashboard/map/").json()
    assert {row["name"]: row["short"] for row in rows}["西双版纳傣族自治州"] == "西双版纳州"
    page = html_of(client_for("leader").get("/dashboard/"))
    not_assessed = LightSnapshot.objects.filter(kind="indicator", assessment="not_assessed").count()
    total = LightSnapshot.objects.filter(kind="indicator").count()
    assert not_assessed and f"{total}项中{not_assessed}项暂无法评估：缺少基期值或现值" in page
