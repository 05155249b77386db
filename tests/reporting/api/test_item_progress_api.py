"""Status updates and progress entries of tasks and key projects over the API (reporting.api.views.ItemProgressActions):
versions (body or If-Match), errors, ETag."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from reporting.models import ProgressEntry
from tasks.models import Task
from tests.factories import pdf_file

BODY = {"status": "in_progress", "percent": 30, "narrative": "接口更新"}


def patch(client, url, body, **headers):
    return client.patch(url, body, content_type="application/json", **headers)


def test_patch_with_version_then_stale_409(client_for):
    fire = client_for("fire")
    current = fire.get("/api/v1/tasks/4.1/")
    assert current.status_code == 200 and current["ETag"] == '"1"'
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
    bad = fire.post("/api/v1/tasks/4.1/progress/",
                    {"narrative": "x", "evidence": [SimpleUploadedFile("a.pdf", b"MZ\x90")]})
    assert bad.status_code == 415 and bad.json()["code"] == "unsupported_media_type"
    assert "a.pdf" in bad.json()["message"]
    assert ProgressEntry.objects.count() == 1


def test_key_project_patch(client_for):
    response = patch(client_for("fire"), "/api/v1/key-projects/9/", BODY | {"version": 1})
    assert response.status_code == 200 and response.json()["status"] == "in_progress"
