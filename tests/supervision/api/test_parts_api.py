"""Units' parts over the API: 交办 with the part's terms (POST …/assignments/), GET …/parts/ scoped as the page's
grid, POST …/parts/ (a unit's own part), POST …/parts/<id>/completion/ (the provincial office)."""

import pytest

from agencies.models import Agency
from reporting.models import UnitPart
from reporting.selectors import unit_part
from tasks.models import Task
from tests.responses import json_of


def kunming():
    return Agency.objects.get(name="昆明市")


def test_the_office_assigns_a_part_with_milestones_and_the_unit_updates_it(client_for, users):
    office = client_for("coordinator")
    response = office.post("/api/v1/tasks/4.1/assignments/", {
        "agency": kunming().pk, "contact": users["kunming"].pk, "part_title": "建成市级指挥平台",
        "part_deadline": "2027-06-30", "milestones": [{"year": 2027, "percent": 100}, {"year": 2026, "percent": 60}]},
        content_type="application/json")
    assert response.status_code == 201, response.content
    part = unit_part(Task.objects.get(code="4.1"), kunming())
    assert [(m.year, m.percent) for m in part.milestones.all()] == [(2026, 60), (2027, 100)]
    updated = client_for("kunming").post("/api/v1/tasks/4.1/parts/", {
        "status": "in_progress", "percent": 70, "narrative": "推进中", "version": part.version},
        content_type="application/json")
    assert updated.status_code == 201, updated.content
    shown = updated.json()
    assert (shown["percent"], shown["version"], shown["title"]) == (70, 2, "建成市级指挥平台")
    stale = client_for("kunming").post("/api/v1/tasks/4.1/parts/", {
        "status": "in_progress", "percent": 80, "narrative": "推进中", "version": 1}, content_type="application/json")
    assert stale.status_code == 409 and unit_part(Task.objects.get(code="4.1"), kunming()).percent == 70


@pytest.mark.parametrize("body", [{"milestones": [{"year": 2020, "percent": 60}]},
                                  {"milestones": [{"year": 2026, "percent": 90}, {"year": 2027, "percent": 50}]},
                                  {"part_deadline": "2020-01-01"}, {"milestones": "2026 60"}])
def test_bad_part_terms_are_a_400_and_nothing_is_stored(client_for, body):
    response = client_for("coordinator").post("/api/v1/tasks/4.1/assignments/", {"agency": kunming().pk, **body},
                                              content_type="application/json")
    assert response.status_code == 400, response.content
    assert not UnitPart.objects.exists()


def test_the_parts_list_is_scoped_like_the_page(client_for):
    for name, percent in (("kunming", 30), ("dali", 40)):
        assert client_for(name).post("/api/v1/tasks/4.1/parts/", {"status": "in_progress", "percent": percent,
                                                                   "narrative": "推进"},
                                     content_type="application/json").status_code == 201
    everyone = {row["agency"] for row in json_of(client_for("leader").get("/api/v1/tasks/4.1/parts/"))["results"]}
    assert everyone == {"昆明市", "大理白族自治州"}
    own = {row["agency"] for row in json_of(client_for("kunming").get("/api/v1/tasks/4.1/parts/"))["results"]}
    assert own == {"昆明市"}
    dali_part = unit_part(Task.objects.get(code="4.1"), Agency.objects.get(name="大理白族自治州"))
    hidden = client_for("kunming").post(f"/api/v1/tasks/4.1/parts/{dali_part.pk}/completion/",
                                        {"decision": "reopen", "note": "x", "version": dali_part.version},
                                        content_type="application/json")
    assert hidden.status_code in (403, 404)


@pytest.mark.parametrize(("name", "status"), [("fire", 403), ("coordinator", 403), ("leader", 403),
                                              ("sysadmin", 404)])
def test_only_a_units_own_users_update_its_part(client_for, name, status):
    response = client_for(name).post("/api/v1/tasks/4.1/parts/", {"status": "in_progress", "percent": 10,
                                                                  "narrative": "推进"},
                                     content_type="application/json")
    assert response.status_code == status and not UnitPart.objects.exists()


def test_a_parts_completion_is_decided_by_the_office_over_the_api(client_for):
    client_for("kunming").post("/api/v1/tasks/4.1/parts/", {"status": "completed", "percent": 100,
                                                            "narrative": "已建成"}, content_type="application/json")
    part = unit_part(Task.objects.get(code="4.1"), kunming())
    assert part.status == "pending_verification"
    url = f"/api/v1/tasks/4.1/parts/{part.pk}/completion/"
    assert client_for("kunming").post(url, {"decision": "verify", "version": part.version},
                                      content_type="application/json").status_code == 403
    assert client_for("coordinator").post(url, {"decision": "return", "version": part.version},
                                          content_type="application/json").status_code == 400
    verified = client_for("coordinator").post(url, {"decision": "verify", "version": part.version},
                                              content_type="application/json")
    assert verified.status_code == 200 and verified.json()["decision"] == "verified"
    assert unit_part(Task.objects.get(code="4.1"), kunming()).status == "completed"
    assert client_for("coordinator").post("/api/v1/tasks/4.1/parts/999999/completion/", {
        "decision": "verify", "version": 1}, content_type="application/json").status_code == 404


def test_part_fields_not_sent_keep_their_values_and_form_encoded_milestones_are_refused(client_for, users):
    office = client_for("coordinator")
    made = office.post("/api/v1/tasks/4.1/assignments/", {
        "agency": kunming().pk, "part_title": "建成市级指挥平台", "part_deadline": "2027-06-30",
        "milestones": [{"year": 2026, "percent": 60}]}, content_type="application/json").json()
    changed = office.post("/api/v1/tasks/4.1/assignments/", {
        "agency": kunming().pk, "version": made["version"], "milestones": [{"year": 2026, "percent": 50}]},
        content_type="application/json")
    assert changed.status_code == 201, changed.content
    part = unit_part(Task.objects.get(code="4.1"), kunming())
    assert (part.title, str(part.deadline), [m.percent for m in part.milestones.all()]) == (
        "建成市级指挥平台", "2027-06-30", [50])
    refused = office.post("/api/v1/tasks/4.1/assignments/", {"agency": kunming().pk, "version": made["version"] + 1,
                                                             "milestones": "2026 60"})
    assert refused.status_code == 400 and "milestones" in refused.json()["fields"]
    assert [m.percent for m in unit_part(Task.objects.get(code="4.1"), kunming()).milestones.all()] == [50]


@pytest.mark.parametrize(("name", "status", "shown"), [
    ("coordinator", 200, {"昆明市", "大理白族自治州"}), ("leader", 200, {"昆明市", "大理白族自治州"}),
    ("auditor", 200, {"昆明市", "大理白族自治州"}), ("water", 200, {"昆明市", "大理白族自治州"}),
    ("kunming", 200, {"昆明市"}), ("dali", 200, {"大理白族自治州"}), ("sysadmin", 404, None),
    ("secadmin", 404, None), ("auditadmin", 404, None)])
def test_each_role_reads_the_parts_it_may_see(client_for, name, status, shown):
    for unit in ("kunming", "dali"):
        client_for(unit).post("/api/v1/tasks/4.1/parts/", {"status": "in_progress", "percent": 10,
                                                           "narrative": "推进"}, content_type="application/json")
    response = client_for(name).get("/api/v1/tasks/4.1/parts/")
    assert response.status_code == status
    if shown is not None:
        assert {row["agency"] for row in response.json()["results"]} == shown
