"""Task, key-project and target resources carry the light their page shows: colour, reason, snapshot date."""

import html

import time_machine

from indicators.models import Indicator
from recompute.services import snapshots_recompute
from snapshots.models import LightSnapshot, SubjectKind
from tasks.models import Task
from tests.responses import element, html_of, json_of

JUDGED = "2026-01-05 09:00 +0800"


def test_each_resource_carries_the_light_its_page_shows(users, client_for):
    client = client_for("leader")
    assert json_of(client.get("/api/v1/tasks/4.1/"))["light"] is None  # nothing computed yet
    with time_machine.travel(JUDGED):
        snapshots_recompute()
    task = Task.objects.get(code="4.1")
    stored = LightSnapshot.objects.get(kind=SubjectKind.TASK, subject_id=task.pk)
    expected = {"light": "red", "reason": stored.reason, "date": "2026-01-05"}
    assert stored.light == "red" and json_of(client.get("/api/v1/tasks/4.1/"))["light"] == expected
    listed = json_of(client.get("/api/v1/tasks/?page_size=100"))["results"]
    assert {row["code"]: row["light"] for row in listed}["4.1"] == expected
    assert html.escape(stored.reason) in element(html_of(client.get("/tasks/4.1/")), "light")
    project = json_of(client.get("/api/v1/key-projects/1/"))["light"]
    assert project["date"] == "2026-01-05" and project["light"] in ("green", "yellow", "red", "grey")
    target = LightSnapshot.objects.get(kind=SubjectKind.INDICATOR, subject_id=Indicator.objects.get(code="I11").pk)
    assert json_of(client.get("/api/v1/indicators/I11/"))["light"] == {
        "light": target.light, "reason": target.reason, "date": "2026-01-05"}
