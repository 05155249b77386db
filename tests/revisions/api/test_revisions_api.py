"""Plan revisions over the API (revisions.api): the same rules as the pages, the original beside the revised value,
scoped lists."""

import pytest

from indicators.models import Indicator
from revisions.models import PlanRevision
from tasks.models import Task
from tests.factories import DECISION
from tests.responses import json_of

DEADLINE = {"deadline": "2026-12-31", "reason": "省政府决定延期", "reference": DECISION, "version": 1}


def post(client, url, body):
    return client.post(url, body, content_type="application/json")


def test_a_coordinator_revises_a_deadline_and_the_task_shows_both(client_for):
    coordinator = client_for("coordinator")
    response = post(coordinator, "/api/v1/tasks/1.1/revisions/", DEADLINE)
    assert response.status_code == 201
    assert response.json()[0] | {"id": 0, "created_at": ""} == {
        "id": 0, "subject_type": "task", "subject": "1.1", "field": "deadline", "old_value": "2025-12-31",
        "new_value": "2026-12-31", "merged_into": None, "reason": "省政府决定延期", "reference": DECISION,
        "effective_from": response.json()[0]["effective_from"], "by": "coordinator", "created_at": ""}
    task = json_of(coordinator.get("/api/v1/tasks/1.1/"))
    assert (task["deadline"], task["original_deadline"], task["version"]) == ("2026-12-31", "2025-12-31", 2)
    assert task["revisions"][0]["reason"] == "省政府决定延期" and task["scope"] == "active"


@pytest.mark.parametrize(("body", "field"), [
    (DEADLINE | {"reason": ""}, "reason"),
    ({k: v for k, v in DEADLINE.items() if k != "reference"}, "reference"),
    (DEADLINE | {"deadline": "2040-01-01"}, "deadline"),
    (DEADLINE | {"deadline": "2025-12-31"}, "deadline"),
    (DEADLINE | {"deadline": "yesterday"}, "deadline"),
    (DEADLINE | {"scope": "not_applicable"}, "non_field_errors"),
    ({k: v for k, v in DEADLINE.items() if k != "deadline"}, "non_field_errors"),
    (DEADLINE | {"deadline": None, "scope": "merged", "merged_into": "99.9"}, "merged_into"),
])
def test_bad_revisions_are_400_and_change_nothing(client_for, body, field):
    body = {k: v for k, v in body.items() if v is not None}
    response = post(client_for("coordinator"), "/api/v1/tasks/1.1/revisions/", body)
    assert response.status_code == 400, response.json()
    assert field in response.json()["fields"], response.json()
    assert Task.objects.get(code="1.1").version == 1 and not PlanRevision.objects.exists()


def test_only_coordinators_revise_and_a_stale_version_is_409(client_for):
    assert post(client_for("water"), "/api/v1/tasks/1.1/revisions/", DEADLINE).status_code == 403
    assert post(client_for("leader"), "/api/v1/indicators/I11/revisions/", {
        "target_value": 1000, "target_year": 2025, "reason": "调增", "reference": DECISION,
        "version": 1}).status_code == 403
    coordinator = client_for("coordinator")
    assert post(coordinator, "/api/v1/tasks/1.1/revisions/", DEADLINE).status_code == 201
    stale = post(coordinator, "/api/v1/tasks/1.1/revisions/", DEADLINE | {"deadline": "2027-06-30"})
    assert stale.status_code == 409 and stale.json()["current_version"] == 2
    assert PlanRevision.objects.count() == 1


def test_merge_and_target_revision_then_the_scoped_list(users, client_for):
    coordinator = client_for("coordinator")
    hidden = Task.objects.exclude(pk__in=Task.objects.for_agency(users["kunming"].agency)).exclude(code="2.1").first()
    merged = post(coordinator, f"/api/v1/tasks/{hidden.code}/revisions/", {
        "scope": "merged", "merged_into": "2.1", "reason": "内容重复", "reference": DECISION, "version": 1})
    assert merged.status_code == 201, merged.json()
    assert merged.json()[0]["merged_into"] == "2.1"
    assert json_of(coordinator.get(f"/api/v1/tasks/{hidden.code}/"))["merged_into"] == "2.1"
    target = post(coordinator, "/api/v1/indicators/I11/revisions/", {
        "target_value": "1000", "target_year": 2026, "reason": "调增", "reference": DECISION, "version": 1})
    assert [r["field"] for r in json_of(target, 201)] == ["target_value", "target_year"]
    indicator = json_of(coordinator.get("/api/v1/indicators/I11/"))
    assert (indicator["target_value"], indicator["original_target_value"]) == (1000, 979)
    assert (indicator["target_year"], indicator["original_target_year"]) == (2026, 2025)
    assert Indicator.objects.get(code="I11").version == 2
    everything = json_of(coordinator.get("/api/v1/plan-changes/"))
    assert everything["count"] == 3
    assert json_of(coordinator.get("/api/v1/plan-changes/", {"subject": "indicator"}))["count"] == 2
    # The merged task is not among those Kunming answers for, so Kunming sees the two target changes only.
    kunming = json_of(client_for("kunming").get("/api/v1/plan-changes/"))
    assert {r["subject_type"] for r in kunming["results"]} == {"indicator"} and kunming["count"] == 2
