"""The tasks API (/api/v1/tasks/): the fields of a task, filters and sorting (tasks.filters), and no writes on the
collection (status and progress go through the item actions)."""

import time_machine

from reporting.services import completion_verify
from tasks.models import Task
from tests.factories import UserFactory, status_set
from tests.responses import html_of, json_of


def test_task_fields(auth_client):
    task = json_of(auth_client.get("/api/v1/tasks/5.1.2/"))
    assert task["code"] == "5.1.2"
    assert task["title"] == "加快预案制修订"
    assert task["group"] == 5
    assert task["deadline"] == "2023-12-31" and task["deadline_text"] == "2023年底前"
    assert task["lead_agency"] == "省应急厅"
    assert task["agencies"] == ["省应急厅", "省级有关部门", "各州、市人民政府"]
    ongoing = json_of(auth_client.get("/api/v1/tasks/1.3/"))
    assert ongoing["deadline"] is None and ongoing["deadline_text"] == "持续推进"


def test_the_api_is_read_only(auth_client):
    assert auth_client.post("/api/v1/tasks/", {}).status_code == 405
    assert auth_client.delete("/api/v1/tasks/1.1/").status_code == 405


@time_machine.travel("2026-01-10 09:00 +0800")
def test_overdue_status_and_sort_filters(users, client_for):
    # 5.1.2's deadline was 2023-12-31
    status_set("5.1.2", actor=users["coordinator"], status="completed", percent=100, narrative="已修订")
    client = client_for("coordinator")
    pending = {t["code"] for t in json_of(client.get("/api/v1/tasks/", {"overdue": "true", "page_size": 100}))[
        "results"]}
    assert "5.1.2" in pending  # asked to be completed, not yet verified: still overdue
    task = Task.objects.get(code="5.1.2")
    completion_verify(item=task, actor=UserFactory(username="coordinator2"), expected_version=task.version)
    overdue = {t["code"] for t in json_of(client.get("/api/v1/tasks/", {"overdue": "true", "page_size": 100}))[
        "results"]}
    dated = set(Task.objects.filter(deadline__isnull=False).values_list("code", flat=True))
    assert overdue == dated - {"5.1.2"}
    completed = json_of(client.get("/api/v1/tasks/", {"status": "completed"}))["results"]
    assert [t["code"] for t in completed] == ["5.1.2"]
    by_percent = json_of(client.get("/api/v1/tasks/", {"sort": "-percent", "page_size": 3}))["results"]
    assert by_percent[0]["code"] == "5.1.2"
    mine = json_of(client_for("fire").get("/api/v1/tasks/", {"role": "lead", "page_size": 100}))["results"]
    assert {t["code"] for t in mine} == {"4.1"} and all(t["lead_agency"] == "省消防救援总队" for t in mine)
    html = html_of(client.get("/tasks/", {"overdue": "true", "sort": "deadline"}))
    assert "加快预案制修订" not in html and "健全领导指挥体制" in html
