"""The dashboard page (/dashboard/): its query count does not grow with snapshots."""

import re

import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from recompute.services import snapshots_recompute
from reporting.services import part_update_status
from tasks.models import Task
from tests.factories import activity_seeded, snapshots_on
from tests.responses import element, html_of


def test_dashboard_page_query_count_is_fixed(users, client_for):
    activity_seeded(users, days=("2025-06-01",))
    client = client_for("leader")

    def visits():
        """The queries of the first visit after a recomputation, and of the next, which reads the snapshot's
        figures from the cache."""
        counts = []
        for _ in range(2):
            with CaptureQueriesContext(connection) as captured:
                assert client.get("/dashboard/").status_code == 200
            counts.append(len(captured))
        return counts

    first, cached = visits()
    snapshots_on(("2025-07-01", "2025-08-01"))
    # (the final evaluation's counts, stored with the snapshot, are one query of the 28 once the plan period ends)
    assert visits() == [first, cached] and first <= 28 and cached <= first - 5


def test_a_recomputation_shows_at_once_and_each_scope_has_its_own_figures(users, client_for):
    activity_seeded(users, days=("2025-06-01",))
    leader, water = client_for("leader"), client_for("water")

    def tasks_shown(client, path):
        return element(html_of(client.get(path)), "fig-tasks")

    plan_before = tasks_shown(leader, "/dashboard/")
    assert tasks_shown(leader, "/dashboard/") == plan_before  # read again, from the cache
    water_page = f"/dashboard/agency/{users['water'].agency_id}/"
    assert tasks_shown(water, water_page) != plan_before  # another scope: not the plan's cached figures
    with time_machine.travel("2025-06-01 15:00 +0800"):
        Task.objects.filter(code="1.1").update(status="completed", percent=100)  # as the status service does
        snapshots_recompute()
        plan_after = tasks_shown(leader, "/dashboard/")
    assert plan_after != plan_before
    red_before, red_after = (int(re.findall(r"\d+", html)[0]) for html in (plan_before, plan_after))
    green_before, green_after = (int(re.findall(r"\d+", html)[2]) for html in (plan_before, plan_after))
    assert green_after == green_before + 1 and red_after <= red_before


def test_the_headline_progress_is_called_what_it_is_a_plain_average(users, client_for):
    html = html_of(client_for("leader").get("/dashboard/"))
    label = re.search(r'<div class="small text-muted" title="([^"]*)">([^<]*)</div>'
                      r'<div class="fs-3" id="fig-progress">', html)
    assert label and label.group(2) == "平均完成度" and "每项同等计" in label.group(1)
    assert "加权完成度" not in html


def test_a_prefectures_page_lists_its_own_parts_behind_first_and_no_one_elses(users, client_for):
    with time_machine.travel("2026-12-02 10:00 +0800"):
        for code, percent in (("4.1", 30), ("1.3", 20)):
            part_update_status(item=Task.objects.get(code=code), status="in_progress", percent=percent,
                               narrative="推进", actor=users["kunming"], expected_version=None)
        part_update_status(item=Task.objects.get(code="4.1"), status="in_progress", percent=10, narrative="大理",
                           actor=users["dali"], expected_version=None)
        snapshots_recompute()
        page = html_of(client_for("kunming").get("/dashboard/", follow=True))
    table = page[page.index('id="own-parts"'):page.index("</table>", page.index('id="own-parts"'))]
    rows = re.findall(r"<tr>(.*?)</tr>", table, re.S)[1:]
    assert len(rows) == 2 and "light-red" in rows[0] and "4.1" in rows[0]  # overdue since 2025-12-31: first
    assert "1.3" in rows[1] and "大理" not in table


def test_leadership_reads_the_items_furthest_past_their_deadline(users, client_for):
    """#20: a named list of the most overdue items (today, 2026-12-02, every 2025 deadline has passed)."""
    with time_machine.travel("2026-12-02 10:00 +0800"):
        page = html_of(client_for("leader").get("/dashboard/"))
    overdue = page.split('id="most-overdue"')[1].split("</section>")[0]
    assert overdue.count("<li>") == 10 and "天" in overdue and "逾期" in overdue
