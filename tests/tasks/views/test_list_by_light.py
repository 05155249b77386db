"""#20: the task and key-project lists filter and sort by each item's newest light, and their column headers sort
(a second click the other way, the other filters kept, back to the first page)."""

import re

from core.lights import LIGHT_RANK
from recompute.services import snapshots_recompute
from snapshots.models import SubjectKind
from snapshots.selectors import lights_of
from tasks.models import Task
from tests.responses import html_of
from tests.tasks.views.test_query_counts import queries

ROW_CODE = re.compile(r'href="/tasks/([\d.]+)/"')


def listed_codes(page: str) -> list[str]:
    table = page.split('<table class="table table-hover table-stack">', 1)[1]
    return ROW_CODE.findall(table)


def test_the_task_list_filters_and_sorts_by_light(users, client_for):
    snapshots_recompute()
    lights = {Task.objects.get(pk=pk).code: row.light for pk, row in lights_of(kind=SubjectKind.TASK).items()}
    red = {code for code, light in lights.items() if light == "red"}
    assert red and red != set(lights)  # the plan today has red items and others
    client = client_for("coordinator")
    page = html_of(client.get("/tasks/", {"light": "red", "page_size": 100}))
    assert set(listed_codes(page)) == red or len(red) > 25 and set(listed_codes(page)) < red
    assert '<option value="red" selected>红灯</option>' in page

    def ranks(sort):
        return [LIGHT_RANK[lights.get(code)] for code in listed_codes(html_of(client.get("/tasks/", {"sort": sort})))]

    ascending, reverse = ranks("light"), ranks("-light")
    assert ascending == sorted(ascending) and ascending[0] == 0
    assert reverse == sorted(reverse, reverse=True) and reverse[0] > 0

    api = client.get("/api/v1/tasks/", {"light": "red", "page_size": 500}).json()
    assert {row["code"] for row in api["results"]} == red
    assert client.get("/api/v1/tasks/", {"light": "purple"}).status_code == 400


def test_sorting_by_light_costs_no_query_more(users, client_for):
    snapshots_recompute()
    client = client_for("coordinator")
    client.get("/tasks/")
    assert queries(client, "/tasks/", {"sort": "light"}) == queries(client, "/tasks/")


def test_the_column_headers_sort_and_say_which_way(users, client_for):
    client = client_for("coordinator")
    page = html_of(client.get("/tasks/", {"group": "3", "page": "1"}))
    assert '<th scope="col" class="" aria-sort="none"><a class="sort-link" href="?group=3&amp;sort=deadline">' in page
    ascending = html_of(client.get("/tasks/", {"group": "3", "sort": "deadline"}))
    assert 'aria-sort="ascending"><a class="sort-link" href="?group=3&amp;sort=-deadline">' in ascending
    descending = html_of(client.get("/tasks/", {"group": "3", "sort": "-deadline"}))
    assert 'aria-sort="descending"><a class="sort-link" href="?group=3&amp;sort=deadline">' in descending
    projects = html_of(client.get("/key-projects/", {"sort": "light"}))
    assert 'aria-sort="ascending"><a class="sort-link" href="?sort=-light">' in projects
