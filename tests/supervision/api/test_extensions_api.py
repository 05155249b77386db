"""延期申请 over the API: POST /api/v1/tasks/<code>/extension-requests/ (the lead unit, multipart with attachments),
GET /api/v1/extension-requests/ scoped (lists and by id), POST …/approve/ and …/reject/ (the provincial office)."""

from datetime import date

import pytest

from supervision.models import ExtensionRequest
from supervision.services import extension_request
from tasks.models import Task
from tests.factories import pdf_file
from tests.responses import json_of


@pytest.fixture
def asked(users):
    return extension_request(item=Task.objects.get(code="4.1"), requested_deadline=date(2027, 6, 30),
                             reason="受汛期影响", actor=users["fire"], files=[pdf_file("说明.pdf")])


@pytest.mark.parametrize(("role", "status"), [("fire", 201), ("kunming", 201), ("coordinator", 403),
                                              ("water", 403), ("leader", 403), ("sysadmin", 404)])
def test_the_lead_unit_asks_and_a_prefecture_for_its_part(client_for, role, status):
    response = client_for(role).post("/api/v1/tasks/4.1/extension-requests/", {
        "requested_deadline": "2027-06-30", "reason": "受汛期影响", "evidence": [pdf_file("说明.pdf")]})
    assert response.status_code == status, response.content
    if status == 201:
        made = response.json()
        assert made["status"] == "pending" and made["current_deadline"] == "2025-12-31"
        assert len(made["evidence"]) == 1 and made["evidence"][0].startswith("/tasks/evidence/")
        assert client_for("coordinator").get(made["evidence"][0]).status_code == 200
    assert ExtensionRequest.objects.exists() == (status == 201)


@pytest.mark.parametrize(("role", "sees"), [("coordinator", True), ("leader", True), ("auditor", True),
                                            ("fire", True), ("water", False), ("kunming", False),
                                            ("auditadmin", False)])
def test_lists_and_reads_by_id_are_scoped(client_for, asked, role, sees):
    client = client_for(role)
    listed = [row["id"] for row in json_of(client.get("/api/v1/extension-requests/"))["results"]]
    assert listed == ([asked.pk] if sees else [])
    assert client.get(f"/api/v1/extension-requests/{asked.pk}/").status_code == (200 if sees else 404)


def test_the_office_approves_over_the_api(client_for, asked):
    assert client_for("fire").post(f"/api/v1/extension-requests/{asked.pk}/approve/").status_code == 403
    decided = json_of(client_for("coordinator").post(f"/api/v1/extension-requests/{asked.pk}/approve/",
                                                     {"note": "同意"}, content_type="application/json"))
    assert decided["status"] == "approved" and decided["revision"] is not None
    task = json_of(client_for("fire").get("/api/v1/tasks/4.1/"))
    assert task["deadline"] == "2027-06-30" and task["original_deadline"] == "2025-12-31"
    again = client_for("coordinator").post(f"/api/v1/extension-requests/{asked.pk}/reject/", {"note": "x"},
                                           content_type="application/json")
    assert again.status_code == 400


def test_a_rejection_needs_a_note_and_bad_input_is_a_400(client_for, asked):
    office = client_for("coordinator")
    assert office.post(f"/api/v1/extension-requests/{asked.pk}/reject/").status_code == 400
    for bad in ({"requested_deadline": "2027-02-30", "reason": "x"}, {"requested_deadline": "2027-06-30"},
                {"requested_deadline": "2020-01-01", "reason": "x"}):
        assert client_for("fire").post("/api/v1/tasks/4.1/extension-requests/", bad,
                                       content_type="application/json").status_code == 400
    asked.refresh_from_db()
    assert asked.status == "pending" and ExtensionRequest.objects.count() == 1
