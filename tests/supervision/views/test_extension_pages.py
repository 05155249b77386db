"""延期申请 on the pages: the lead unit asks on the item's page (with attachments), the provincial office decides on
/supervision/extensions/; each sees only what its role allows; bad input changes nothing; the list's queries do
not grow with its rows."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from reporting.models import ProgressEntry
from revisions.models import PlanRevision
from supervision.models import ExtensionRequest
from supervision.services import extension_request
from tasks.models import Task
from tests.factories import UserFactory, pdf_file
from tests.responses import html_of, json_of

LATER = date(2027, 6, 30)
FORM = {"action": "request_extension", "extension-requested_deadline": "2027-06-30",
        "extension-reason": "受汛期影响，工程延后"}


def test_the_lead_unit_asks_and_the_office_approves_into_a_revision(client_for):
    fire, office = client_for("fire"), client_for("coordinator")
    assert 'name="extension-requested_deadline"' in html_of(fire.get("/tasks/4.1/"))
    assert fire.post("/tasks/4.1/", FORM | {"extension-evidence": pdf_file("说明.pdf")}).status_code == 302
    page = html_of(fire.get("/tasks/4.1/"))
    assert "2025-12-31 → <strong>2027-06-30</strong>" in page and "待审批" in page and "说明.pdf" in page
    request = ExtensionRequest.objects.get()
    listing = html_of(office.get("/supervision/extensions/"))
    assert f'id="decide-{request.pk}"' in listing and "受汛期影响" in listing
    assert office.post("/supervision/extensions/", {"request": request.pk, "decision": "approve",
                                                    "note": "同意"}).status_code == 302
    assert Task.objects.get(code="4.1").deadline.isoformat() == "2027-06-30"
    assert "已批准" in html_of(fire.get("/tasks/4.1/")) and PlanRevision.objects.count() == 1


def test_a_rejection_without_a_note_is_refused_on_the_page(users, client_for):
    request = fire_asks(users)
    page = html_of(client_for("coordinator").post("/supervision/extensions/", {
        "request": request.pk, "decision": "reject", "note": ""}), status=400)
    assert "请说明驳回理由" in page
    request.refresh_from_db()
    assert request.status == "pending"


@pytest.mark.parametrize("name", ["water", "leader", "auditor", "coordinator"])
def test_only_the_lead_unit_sees_the_form_and_may_ask(client_for, name):  # and a unit for its part (below)
    client = client_for(name)
    assert 'name="extension-requested_deadline"' not in html_of(client.get("/tasks/4.1/"))
    assert client.post("/tasks/4.1/", FORM).status_code == 403
    assert not ExtensionRequest.objects.exists()


@pytest.mark.parametrize("name", ["fire", "water", "kunming", "leader", "auditor"])
def test_only_the_office_decides_on_the_list(users, client_for, name):
    request = fire_asks(users)
    client = client_for(name)
    assert f'id="decide-{request.pk}"' not in html_of(client.get("/supervision/extensions/"))
    assert client.post("/supervision/extensions/", {"request": request.pk, "decision": "approve"}).status_code == 403
    request.refresh_from_db()
    assert request.status == "pending"


def test_units_see_their_own_requests_only(users, client_for):
    extension_request(item=Task.objects.get(code="4.1"), requested_deadline=LATER,
                      reason="消防总队的申请", actor=users["fire"])
    assert "消防总队的申请" in html_of(client_for("fire").get("/supervision/extensions/?status="))
    assert "消防总队的申请" in html_of(client_for("leader").get("/supervision/extensions/?status="))
    assert "消防总队的申请" not in html_of(client_for("water").get("/supervision/extensions/?status="))
    assert "消防总队的申请" not in html_of(client_for("kunming").get("/supervision/extensions/?status="))


@pytest.mark.parametrize("values", [
    {"extension-requested_deadline": "2027-02-30"}, {"extension-requested_deadline": "2025-01-01"},
    {"extension-reason": ""}, {"extension-evidence": pdf_file("x.exe", size=10)},
])
def test_bad_input_is_refused_and_nothing_is_saved(client_for, values):
    assert client_for("fire").post("/tasks/4.1/", FORM | values).status_code == 400
    assert not ExtensionRequest.objects.exists() and not ProgressEntry.objects.exists()


@pytest.mark.parametrize("posted", [{"request": "²", "decision": "approve"}, {"request": "1", "decision": "x"},
                                    {"request": "99999", "decision": "approve"}, {}])
def test_bad_decisions_are_a_clear_400(client_for, posted):
    assert client_for("coordinator").post("/supervision/extensions/", posted).status_code == 400


def test_the_list_queries_do_not_grow_with_rows(users, client_for):
    def queries() -> int:
        client = client_for("coordinator")
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/supervision/extensions/?status=").status_code == 200
        return len(captured)

    when = LATER
    extension_request(item=Task.objects.get(code="4.1"), requested_deadline=when, reason="一", actor=users["fire"],
                      files=[pdf_file()])
    one = queries()
    for code in ("1.1", "1.2", "2.4"):
        extension_request(item=Task.objects.get(code=code), requested_deadline=LATER, reason=code,
                          actor=lead_editor(code), files=[pdf_file()])
    assert queries() == one <= 16


def fire_asks(users) -> ExtensionRequest:
    return extension_request(item=Task.objects.get(code="4.1"), requested_deadline=LATER, reason="x",
                             actor=users["fire"])


def lead_editor(code):
    """A department editor of the task's lead unit (made for the test)."""
    lead = Task.objects.get(code=code).lead_agency
    return UserFactory(username=f"lead{code.replace('.', '')}", agency_name=lead.name, roles=["department_editor"])


def test_no_one_decides_on_their_own_request(users, client_for):
    both = UserFactory(username="office-both", agency_name="省应急厅", roles=["department_editor"])
    both.role_assignments.create(role="coordinator")
    request = extension_request(item=Task.objects.get(code="1.1"), requested_deadline=LATER, reason="自己的申请",
                                actor=both)
    client = client_for("coordinator")
    client.force_login(both)
    assert f'id="decide-{request.pk}"' not in html_of(client.get("/supervision/extensions/"))
    page = html_of(client.post("/supervision/extensions/", {"request": request.pk, "decision": "approve"}),
                   status=403)
    assert "申请须由申请人以外的人员审批" in page
    request.refresh_from_db()
    assert request.status == "pending"


def test_an_incomplete_decision_says_so(users, client_for):
    request = fire_asks(users)
    page = html_of(client_for("coordinator").post("/supervision/extensions/", {"request": request.pk,
                                                                              "decision": "foo"}), status=400)
    assert "表单已过期或不完整" in page


@pytest.mark.parametrize("role", ["sysadmin", "secadmin", "auditadmin"])
def test_the_administrators_see_no_requests(users, client_for, role):
    editor = UserFactory(username="office-editor", agency_name="省应急厅", roles=["department_editor"])
    extension_request(item=Task.objects.get(code="1.1"), requested_deadline=LATER, reason="省应急厅的申请",
                      actor=editor)
    assert "省应急厅的申请" not in html_of(client_for(role).get("/supervision/extensions/?status="))
    assert json_of(client_for(role).get("/api/v1/extension-requests/"))["count"] == 0


def test_a_prefecture_asks_for_its_part_and_sees_only_its_own_requests(users, client_for):
    for name in ("kunming", "dali"):
        assert client_for(name).post("/tasks/4.1/", FORM).status_code == 302
    assert [r.part.agency.name for r in ExtensionRequest.objects.order_by("pk")] == ["昆明市", "大理白族自治州"]
    own = html_of(client_for("kunming").get("/tasks/4.1/"))
    section = own[own.index('id="extensions"'):]
    assert "昆明市" in section and "大理白族自治州" not in section and "分项延期" in section
