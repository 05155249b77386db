"""#20: the dashboard and the item lists viewed "as of" a past date where snapshots exist, as the export can: the
lights, figures, targets and trend of that day's snapshot (or the last before it); a date that is not one, before
the plan or in the future is a clear 400 and shows today's."""

import re

from snapshots.models import LightSnapshot, SubjectKind
from tasks.models import Task
from tests.factories import snapshots_on
from tests.responses import html_of

DAYS = ("2025-06-01", "2026-01-05")  # before and after the 2025 deadlines: most items turned red between


def red_tasks(day: str) -> set[str]:
    ids = LightSnapshot.objects.filter(kind=SubjectKind.TASK, date=day, light="red").values("subject_id")
    return set(Task.objects.filter(pk__in=ids).values_list("code", flat=True))


def test_the_dashboard_as_of_a_past_date_reads_that_days_snapshot(users, client_for):
    snapshots_on(DAYS)
    assert red_tasks("2025-06-01") != red_tasks("2026-01-05")
    client = client_for("leader")
    past = html_of(client.get("/dashboard/", {"as_of": "2025-07-31"}))
    assert "亮灯日期：2025-06-01" in past and 'id="as-of-banner"' in past and 'data-as-of="2025-07-31"' in past
    assert 'id="chart-map"' not in past and 'id="most-overdue"' not in past  # today's only
    now = html_of(client.get("/dashboard/"))
    assert "亮灯日期：2026-01-05" in now and 'id="as-of-banner"' not in now and 'id="chart-map"' in now

    red_then = client.get("/api/v1/dashboard/summary/", {"as_of": "2025-07-31"}).json()["tasks"]["red"]
    assert red_then == len(red_tasks("2025-06-01")) != client.get("/api/v1/dashboard/summary/").json()["tasks"]["red"]
    groups = client.get("/api/v1/dashboard/groups/", {"as_of": "2025-07-31"}).json()
    assert sum(group["red"] for group in groups) == red_then
    assert [row["month"] for row in client.get("/api/v1/dashboard/trend/", {"as_of": "2025-07-31"}).json()] == [
        "2025-06"]


def test_a_bad_as_of_date_is_a_clear_400_that_changes_nothing(users, client_for):
    snapshots_on(DAYS)
    client = client_for("leader")
    for value, message in (("abc", "YYYY-MM-DD"), ("2019-01-01", "2021-01-01"), ("2099-01-01", "2021-01-01"),
                           ("2025-13-01", "YYYY-MM-DD")):
        page = client.get("/dashboard/", {"as_of": value})
        assert message in html_of(page, 400) and "亮灯日期：2026-01-05" in html_of(page, 400)
        api = client.get("/api/v1/dashboard/summary/", {"as_of": value})
        assert api.status_code == 400 and "as_of" in api.json()["fields"]


def test_the_task_list_shows_filters_and_sorts_by_the_lights_of_a_past_date(users, client_for):
    snapshots_on(DAYS)
    client = client_for("coordinator")
    page = html_of(client.get("/tasks/", {"as_of": "2025-07-31", "light": "red", "page_size": 100}))
    assert set(re.findall(r'href="/tasks/([\d.]+)/"', page.split("table-stack", 1)[1])) == red_tasks("2025-06-01")
    assert 'id="as-of-banner"' in page and "2025-07-31" in page
    assert "?light=red" in page.split('id="as-of-banner"', 1)[1].split("</div>", 1)[0]  # back to today
    sorted_page = html_of(client.get("/tasks/", {"as_of": "2025-07-31", "sort": "light"}))
    first = re.search(r'<span class="light light-(\w+)"', sorted_page.split("<tbody>", 1)[1]).group(1)
    assert first == ("red" if red_tasks("2025-06-01") else "yellow")
    future = html_of(client.get("/tasks/", {"as_of": "2099-01-01"}))
    assert "日期不能晚于今天" in future and 'id="as-of-banner"' not in future
    assert 'id="as-of-banner"' in html_of(client.get("/key-projects/", {"as_of": "2025-07-31"}))


def test_the_api_lists_the_lights_of_the_date_it_filtered_on(users, client_for):
    snapshots_on(DAYS)
    rows = client_for("coordinator").get("/api/v1/tasks/", {"as_of": "2025-07-31", "light": "red",
                                                            "page_size": 500}).json()["results"]
    assert {row["code"] for row in rows} == red_tasks("2025-06-01")
    assert {row["light"]["light"] for row in rows} == {"red"}


def test_another_refused_filter_does_not_part_the_lights_shown_from_those_filtered(users, client_for):
    snapshots_on(DAYS)
    page = html_of(client_for("coordinator").get("/tasks/", {"as_of": "2025-07-31", "light": "red",
                                                             "year": "abc"}))
    assert 'id="as-of-banner"' in page
    lights = re.findall(r'<td data-label="亮灯"><span class="light light-(\w+)"', page)  # each row's own light
    assert lights and set(lights) == {"red"}  # the lights of 2025-06-01, the day the filter read


def test_a_date_before_the_first_snapshot_says_there_are_no_lights_then(users, client_for):
    snapshots_on(DAYS)
    page = html_of(client_for("leader").get("/dashboard/", {"as_of": "2024-01-01"}), 400)
    assert "2025-06-01" in page and "亮灯日期：2026-01-05" in page
