"""Status updates and progress entries over the API: versions (body or If-Match), errors, ETag."""

import pytest
import time_machine

from reporting.models import ProgressEntry
from tasks.models import Task
from tests.conftest import pdf_file

BODY = {"status": "in_progress", "percent": 30, "narrative": "接口更新"}


def patch(client, url, body, **headers):
    return client.patch(url, body, content_type="application/json", **headers)


def test_patch_with_version_then_stale_409(client_for):
    fire = client_for("fire")
    etag = fire.get("/api/v1/tasks/4.1/")["ETag"]
    assert etag == '"1"'
    response = patch(fire, "/api/v1/tasks/4.1/", BODY | {"version": 1})
    assert response.status_code == 200 and response.json()["version"] == 2 and response["ETag"] == '"2"'
    stale = patch(client_for("coordinator"), "/api/v1/tasks/4.1/", BODY | {"percent": 90, "version": 1})
    assert stale.status_code == 409
    body = stale.json()
    assert body["current_version"] == 2 and body["changes"][0]["user"] == "fire"
    assert Task.objects.get(code="4.1").percent == 30


def test_if_match_and_412(client_for):
    fire = client_for("fire")
    assert patch(fire, "/api/v1/tasks/4.1/", BODY, HTTP_IF_MATCH='"1"').status_code == 200
    response = patch(fire, "/api/v1/tasks/4.1/", BODY | {"percent": 50}, HTTP_IF_MATCH='"1"')
    assert response.status_code == 412 and Task.objects.get(code="4.1").percent == 30


@pytest.mark.parametrize(("body", "field"), [
    (BODY, "version"),
    (BODY | {"version": 1, "percent": 150}, "percent"),
    (BODY | {"version": 1, "status": "done"}, "status"),
    (BODY | {"version": 1, "status": "completed", "percent": 80}, "percent"),
    (BODY | {"version": 1, "narrative": ""}, "narrative"),
])
def test_bad_patches_are_400_and_change_nothing(client_for, body, field):
    response = patch(client_for("fire"), "/api/v1/tasks/4.1/", body)
    assert response.status_code == 400 and field in response.json()["fields"]
    assert Task.objects.get(code="4.1").version == 1 and not ProgressEntry.objects.exists()


def test_progress_with_files_and_bad_files(client_for):
    fire = client_for("fire")
    ok = fire.post("/api/v1/tasks/4.1/progress/", {"narrative": "附件", "evidence": [pdf_file(), pdf_file("二.pdf")]})
    assert ok.status_code == 201 and [e["name"] for e in ok.json()["evidence"]] == ["evidence.pdf", "二.pdf"]
    from django.core.files.uploadedfile import SimpleUploadedFile

    bad = fire.post("/api/v1/tasks/4.1/progress/",
                    {"narrative": "x", "evidence": [SimpleUploadedFile("a.pdf", b"MZ\x90")]})
    assert bad.status_code == 415 and bad.json()["code"] == "unsupported_media_type"
    assert "a.pdf" in bad.json()["message"]
    assert ProgressEntry.objects.count() == 1


def test_key_project_patch(client_for):
    response = patch(client_for("fire"), "/api/v1/key-projects/9/", BODY | {"version": 1})
    assert response.status_code == 200 and response.json()["status"] == "in_progress"


@time_machine.travel("2026-01-10 09:00 +0800")
def test_overdue_status_and_sort_filters(users, client_for):
    from reporting.services import item_update_status

    task = Task.objects.get(code="5.1.2")  # deadline 2023-12-31
    item_update_status(item=task, status="completed", percent=100, narrative="已修订", actor=users["coordinator"],
                       expected_version=1)
    client = client_for("coordinator")
    overdue = {t["code"] for t in client.get("/api/v1/tasks/", {"overdue": "true", "page_size": 100}).json()["results"]}
    dated = set(Task.objects.filter(deadline__isnull=False).values_list("code", flat=True))
    assert overdue == dated - {"5.1.2"}
    completed = client.get("/api/v1/tasks/", {"status": "completed"}).json()["results"]
    assert [t["code"] for t in completed] == ["5.1.2"]
    by_percent = client.get("/api/v1/tasks/", {"sort": "-percent", "page_size": 3}).json()["results"]
    assert by_percent[0]["code"] == "5.1.2"
    mine = client_for("fire").get("/api/v1/tasks/", {"role": "lead", "page_size": 100}).json()["results"]
    assert {t["code"] for t in mine} == {"4.1"} and all(t["lead_agency"] == "省消防救援总队" for t in mine)
    html = client.get("/tasks/", {"overdue": "true", "sort": "deadline"}).content.decode()
    assert "加快预案制修订" not in html and "健全领导指挥体制" in html


def test_coordinator_assigns_a_role_in_the_admin_and_it_is_recorded(users, client_for):
    from agencies.models import RoleAssignment

    water = users["water"]
    client = client_for("coordinator")
    form = {
        "username": "water", "first_name": "", "last_name": "", "email": "", "agency": water.agency_id,
        "is_active": "on", "last_login_0": "", "last_login_1": "", "date_joined_0": "2026-01-01",
        "date_joined_1": "00:00:00",
        "role_assignments-TOTAL_FORMS": "2", "role_assignments-INITIAL_FORMS": "1",
        "role_assignments-MIN_NUM_FORMS": "0", "role_assignments-MAX_NUM_FORMS": "1000",
        "role_assignments-0-id": water.role_assignments.get().pk, "role_assignments-0-user": water.pk,
        "role_assignments-0-role": "department_editor",
        "role_assignments-1-id": "", "role_assignments-1-user": water.pk, "role_assignments-1-role": "auditor",
    }
    response = client.post(f"/admin/agencies/user/{water.pk}/change/", form)
    assert response.status_code == 302, response.content.decode()[-2000:]
    assert set(water.role_assignments.values_list("role", flat=True)) == {"department_editor", "auditor"}
    record = RoleAssignment.history.filter(user_id=water.pk, role="auditor").get()
    assert record.history_type == "+" and record.history_user == users["coordinator"]
