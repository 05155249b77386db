"""Exports over the API (/api/v1/exports/): requested, built in the background, read back by their owner only."""

from django.utils import timezone

from tests.responses import json_of
from workbook.services import export_build


def test_export_api(evaluated, client_for, django_capture_on_commit_callbacks, sent_jobs):
    client = client_for("leader")
    with django_capture_on_commit_callbacks(execute=True):
        created = client.post("/api/v1/exports/", {"year": 2025, "as_of": "2026-01-05"})
    for job in sent_jobs["workbook.jobs.export_build_job"]:  # the worker's part, run here
        export_build(export_id=job["args"][0])
    assert created.status_code == 202
    export_id = created.json()["id"]
    state = json_of(client.get(f"/api/v1/exports/{export_id}/"))
    assert state["status"] == "done" and state["rows_written"] == state["rows_total"]
    assert client.get(f"/api/v1/exports/{export_id}/file/").status_code == 200
    assert client_for("water").get(f"/api/v1/exports/{export_id}/").status_code == 404
    assert client.post("/api/v1/exports/", {"year": "x"}).status_code == 400


def test_an_export_without_a_date_is_as_of_today_and_names_its_file(evaluated, client_for,
                                                                     django_capture_on_commit_callbacks, sent_jobs):
    client = client_for("leader")
    with django_capture_on_commit_callbacks(execute=True):
        created = json_of(client.post("/api/v1/exports/", {"year": 2025}), status=202)
    assert created["filters"]["as_of"] == timezone.localdate().isoformat()
    assert created["file_url"] is None  # not built yet
    for job in sent_jobs["workbook.jobs.export_build_job"]:
        export_build(export_id=job["args"][0])
    state = json_of(client.get(f"/api/v1/exports/{created['id']}/"))
    assert state["file_url"] == f"http://testserver/api/v1/exports/{created['id']}/file/"
    download = client.get(state["file_url"])
    assert download.status_code == 200 and download["Content-Disposition"].startswith("attachment")
