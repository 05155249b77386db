"""The problem list over the API: the office raises one on an item and moves it; a unit that does not coordinate it
cannot; bad input answers 400 and changes nothing."""

from problems.models import Problem
from tasks.models import Task
from tests.responses import json_of


def test_the_office_raises_and_moves_a_problem(problems, users, client_for):
    office = client_for("coordinator")
    task = Task.objects.get(code="4.1")
    raised = json_of(office.post("/api/v1/problems/", {"item": f"task:{task.pk}", "agency": users["kunming"].agency_id,
                                                       "text": "协调难"}, content_type="application/json"), 201)
    assert raised["state"] == "open" and raised["owner"] == "省应急厅"
    assert office.post("/api/v1/problems/", {"item": "nope", "agency": 1, "text": "x"},
                       content_type="application/json").status_code == 400
    moved = json_of(office.post(f"/api/v1/problems/{raised['id']}/move/", {
        "state": "coordinating", "version": raised["version"], "helpers": [users["water"].agency_id]},
        content_type="application/json"))
    assert moved["state"] == "coordinating" and moved["helpers"] == ["省水利厅"]
    assert office.post(f"/api/v1/problems/{raised['id']}/move/", {"state": "resolved", "version": 1},
                       content_type="application/json").status_code == 409
    assert client_for("kunming").post(f"/api/v1/problems/{raised['id']}/move/", {
        "state": "resolved", "version": moved["version"]}, content_type="application/json").status_code == 403
    assert client_for("kunming").post("/api/v1/problems/", {"item": f"task:{task.pk}", "agency": 1, "text": "x"},
                                      content_type="application/json").status_code == 403
    assert Problem.objects.get(pk=raised["id"]).state == "coordinating"
