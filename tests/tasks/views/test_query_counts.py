"""Query counts of the task list and task page are fixed: they do not grow with tasks, entries or history."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from reporting.services import item_update_status, progress_entry_add
from tasks.models import Task
from tests.factories import pdf_file


def queries(client, url, params=None) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, params or {})
    assert response.status_code == 200
    return len(captured)


def test_task_list_queries_do_not_grow_with_rows(client_for):
    for role in ("coordinator", "kunming"):
        client = client_for(role)
        client.get("/tasks/")  # the process's first look-up of content types is cached after: not a row's cost
        one = queries(client, "/tasks/", {"q": "加快预案制修订"})
        many = queries(client, "/tasks/")  # a full page of 25
        assert one == many <= 19, role
        api_one = queries(client, "/api/v1/tasks/", {"page_size": 1})
        api_all = queries(client, "/api/v1/tasks/", {"page_size": 500})
        assert api_one == api_all <= 15, role  # with the plan revisions, designations and light of each row


def test_task_page_queries_do_not_grow_with_entries_or_history(users, client_for):
    def add_round(i):
        task = Task.objects.get(code="4.1")
        item_update_status(item=task, status="in_progress", percent=10 * i, narrative=f"第{i}次", actor=users["fire"],
                           expected_version=task.version, files=[pdf_file(), pdf_file("b.pdf")])
        progress_entry_add(item=task, narrative=f"大理{i}", actor=users["dali"], files=[pdf_file()])

    def measure():
        return {(role, url): queries(client_for(role), url) for role in ("coordinator", "kunming")
                for url in ("/tasks/4.1/", "/api/v1/tasks/4.1/", "/api/v1/tasks/4.1/progress/")}

    add_round(1)
    counts = measure()
    for i in range(2, 8):
        add_round(i)
    assert measure() == counts
    assert max(counts.values()) <= 30  # with assignments, units' parts, extension requests, their record, decisions
