"""交办 and 签收 over the API: POST /api/v1/<items>/<id>/assignments/ (the provincial office), GET
/api/v1/assignments/ scoped like the pages (lists and by id), POST …/acknowledge/ (the unit); 409 on a stale
version, 400 on bad input, and the list's queries do not grow with its rows."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from agencies.models import Agency
from projects.models import KeyProject
from supervision.models import Assignment
from supervision.services import assignment_save
from tasks.models import Task
from tests.responses import json_of


def agency(name):
    return Agency.objects.get(name=name)


@pytest.fixture
def assigned(users):
    """4.1 assigned to 昆明市 and 省消防救援总队; key project 9 to 省水利厅."""
    task = Task.objects.get(code="4.1")
    office = users["coordinator"]
    return {
        "kunming": assignment_save(item=task, agency=agency("昆明市"), contact=users["kunming"], actor=office),
        "fire": assignment_save(item=task, agency=agency("省消防救援总队"), actor=office),
        "water": assignment_save(item=KeyProject.objects.get(number=9), agency=agency("省水利厅"), actor=office),
    }


# role → the assignments it lists
SEES = {"coordinator": {"kunming", "fire", "water"}, "leader": {"kunming", "fire", "water"},
        "auditor": {"kunming", "fire", "water"}, "water": {"water"}, "fire": {"fire"}, "kunming": {"kunming"},
        "dali": set(), "sysadmin": set(), "secadmin": set(), "auditadmin": set()}


@pytest.mark.parametrize("role", SEES)
def test_lists_and_reads_by_id_are_scoped(client_for, assigned, role):
    client = client_for(role)
    listed = {row["id"] for row in json_of(client.get("/api/v1/assignments/"))["results"]}
    assert listed == {assigned[name].pk for name in SEES[role]}
    for name, assignment in assigned.items():
        assert client.get(f"/api/v1/assignments/{assignment.pk}/").status_code == (
            200 if name in SEES[role] else 404)


def test_an_assignment_reads_as_the_page_shows_it(client_for, assigned):
    row = json_of(client_for("kunming").get(f"/api/v1/assignments/{assigned['kunming'].pk}/"))
    assert row["item_type"] == "task" and row["item_url"] == "/tasks/4.1/" and row["agency"] == "昆明市"
    assert row["contact"] == "kunming" and row["acknowledged_at"] is None and row["version"] == 1
    assert row["acknowledgement_overdue"] is False and row["acknowledge_by"]


@pytest.mark.parametrize(("role", "status"), [("coordinator", 201), ("fire", 403), ("water", 403),
                                              ("kunming", 403), ("leader", 403), ("auditor", 403),
                                              ("sysadmin", 404)])
def test_only_the_office_assigns(client_for, role, status):
    response = client_for(role).post("/api/v1/tasks/4.1/assignments/", {
        "agency": agency("大理白族自治州").pk, "instructions": "按季度报送", "internal_deadline": "2027-03-31"},
        content_type="application/json")
    assert response.status_code == status, response.content
    assert Assignment.objects.filter(agency__name="大理白族自治州").exists() == (status == 201)


def test_a_stale_version_is_a_409_and_bad_input_a_400(client_for, assigned):
    client = client_for("coordinator")
    url = "/api/v1/tasks/4.1/assignments/"
    kunming = agency("昆明市").pk
    changed = json_of(client.post(url, {"agency": kunming, "instructions": "新要求", "version": 1},
                                  content_type="application/json"), status=201)
    assert changed["version"] == 2 and changed["acknowledged_at"] is None
    stale = client.post(url, {"agency": kunming, "instructions": "过时", "version": 1},
                        content_type="application/json")
    assert stale.status_code == 409 and stale.json()["current_version"] == 2
    for bad in ({"agency": 999999}, {"agency": kunming, "internal_deadline": "2027-02-30"},
                {"agency": kunming, "version": 2, "contact": 999999}, {"agency": "昆明市"},
                {"agency": kunming, "version": 2, "internal_deadline": "2020-01-01"},
                {"agency": agency("省水利厅").pk}):
        response = client.post(url, bad, content_type="application/json")
        assert response.status_code == 400, (bad, response.content)
    assert Assignment.objects.get(agency_id=kunming).instructions == "新要求"


def test_the_unit_acknowledges_over_the_api_once(client_for, assigned):
    url = f"/api/v1/assignments/{assigned['kunming'].pk}/acknowledge/"
    assert client_for("coordinator").post(url).status_code == 403
    assert client_for("dali").post(url).status_code == 404  # not even visible to another prefecture
    done = json_of(client_for("kunming").post(url))
    assert done["acknowledged_by"] == "kunming" and done["version"] == 2
    again = client_for("kunming").post(url)
    assert again.status_code == 400 and "已由kunming于" in again.content.decode()


def test_the_list_queries_do_not_grow_with_rows(users, client_for, assigned):
    def queries() -> int:
        client = client_for("coordinator")
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/api/v1/assignments/").status_code == 200
        return len(captured)

    few = queries()
    task = Task.objects.get(code="4.1")
    for prefecture in Agency.objects.filter(kind="prefecture").exclude(name="昆明市"):
        assignment_save(item=task, agency=prefecture, actor=users["coordinator"])
    assert queries() == few <= 12


@pytest.mark.parametrize("role", ["sysadmin", "secadmin", "auditadmin"])
def test_the_administrators_see_nothing_even_of_their_own_units(users, client_for, role):
    office = assignment_save(item=Task.objects.get(code="4.1"), agency=agency("省应急厅"), actor=users["coordinator"])
    client = client_for(role)
    assert json_of(client.get("/api/v1/assignments/"))["count"] == 0
    assert client.get(f"/api/v1/assignments/{office.pk}/").status_code == 404


def test_a_unit_id_that_is_not_a_whole_number_is_refused(client_for):
    response = client_for("coordinator").post("/api/v1/tasks/4.1/assignments/", {"agency": 1.5},
                                              content_type="application/json")
    assert response.status_code == 400 and "agency" in response.json()["fields"]
    assert not Assignment.objects.exists()


def test_acknowledging_twice_or_stale_terms_answer_clearly(client_for, assigned):
    url = f"/api/v1/assignments/{assigned['kunming'].pk}/acknowledge/"
    client_for("coordinator").post("/api/v1/tasks/4.1/assignments/", {
        "agency": agency("昆明市").pk, "instructions": "新要求", "version": 1}, content_type="application/json")
    stale = client_for("kunming").post(url, {"version": 1}, content_type="application/json")
    assert stale.status_code == 409 and stale.json()["current_version"] == 2
    assert client_for("kunming").post(url, {"version": 2}, content_type="application/json").status_code == 200
    again = client_for("kunming").post(url)
    assert again.status_code == 400 and "已由kunming于" in again.json()["fields"]["non_field_errors"][0]
