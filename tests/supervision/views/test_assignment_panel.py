"""The 交办与签收 panel of an item's page: the provincial office assigns, the unit acknowledges, each prefecture
sees its own row and the provincial units', bad input changes nothing, and the page's queries do not grow with
the units assigned."""

import re
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from agencies.models import Agency
from supervision.models import Assignment
from supervision.services import assignment_acknowledge, assignment_save, extension_reject, extension_request
from tasks.models import Task
from tests.responses import html_of


def kunming():
    return Agency.objects.get(name="昆明市")


def assign_form(**values) -> dict:
    form = {"action": "assign", "assign-agency": kunming().pk, "assign-contact": "", "assign-instructions": "",
            "assign-internal_deadline": "", "assign-version": ""}
    return form | {f"assign-{key}": value for key, value in values.items()}


def row(page: str, agency) -> str:
    match = re.search(rf'<tr id="assignment-{agency.pk}"[^>]*>(.*?)</tr>', page, re.S)
    return match.group(1) if match else ""


def test_the_office_assigns_and_the_prefecture_acknowledges(users, client_for):
    office, reporter = client_for("coordinator"), client_for("kunming")
    assert "未交办" in row(html_of(office.get("/tasks/4.1/")), kunming())
    response = office.post("/tasks/4.1/", assign_form(contact=users["kunming"].pk, instructions="每月5日前报送",
                                                      internal_deadline="2027-06-30"))
    assert response.status_code == 302
    shown = row(html_of(reporter.get("/tasks/4.1/")), kunming())
    assert "每月5日前报送" in shown and "2027-06-30" in shown and "待签收" in shown and 'value="acknowledge"' in shown
    assignment = Assignment.objects.get()
    assert reporter.post("/tasks/4.1/", {"action": "acknowledge", "assignment": assignment.pk}).status_code == 400
    assert reporter.post("/tasks/4.1/", {"action": "acknowledge", "assignment": assignment.pk,
                                         "version": assignment.version}).status_code == 302
    shown = row(html_of(office.get("/tasks/4.1/")), kunming())
    assert "kunming已于" in shown and "签收" in shown and 'value="acknowledge"' not in shown


def test_a_prefecture_sees_its_own_row_and_cannot_acknowledge_anothers(users, client_for):
    dali = Agency.objects.get(name="大理白族自治州")
    theirs = assignment_save(item=Task.objects.get(code="4.1"), agency=dali, actor=users["coordinator"])
    page = html_of(client_for("kunming").get("/tasks/4.1/"))
    assert row(page, kunming()) and not row(page, dali) and row(page, Agency.objects.get(name="省消防救援总队"))
    for name in ("kunming", "coordinator"):
        assert client_for(name).post("/tasks/4.1/", {"action": "acknowledge", "assignment": theirs.pk,
                                                     "version": theirs.version}).status_code == 403
    assert Assignment.objects.get().acknowledged_at is None


@pytest.mark.parametrize("name", ["fire", "kunming", "leader", "auditor"])
def test_only_the_office_sees_the_form_and_may_assign(client_for, name):
    client = client_for(name)
    assert 'name="assign-agency"' in html_of(client_for("coordinator").get(f"/tasks/4.1/?edit={kunming().pk}"))
    assert 'name="assign-agency"' not in html_of(client.get(f"/tasks/4.1/?edit={kunming().pk}"))
    assert client.post("/tasks/4.1/", assign_form()).status_code == 403
    assert not Assignment.objects.exists()


@pytest.mark.parametrize("values", [
    {"internal_deadline": "2027-02-30"}, {"internal_deadline": "2020-01-01"}, {"agency": "999999"},
    {"agency": "²"}, {"contact": "0"}, {"version": "²"}, {"instructions": "x" * 4001},
])
def test_bad_input_is_refused_on_the_form_and_nothing_is_saved(client_for, values):
    page = html_of(client_for("coordinator").post("/tasks/4.1/", assign_form(**values)), status=400)
    assert 'id="assign"' in page and ("text-danger" in page or "alert-danger" in page)
    assert not Assignment.objects.exists()


def test_a_change_on_a_stale_page_is_refused_with_who_saved(users, client_for):
    task = Task.objects.get(code="4.1")
    assignment = assignment_save(item=task, agency=kunming(), instructions="甲", actor=users["coordinator"])
    office = client_for("coordinator")
    form_page = html_of(office.get(f"/tasks/4.1/?edit={kunming().pk}"))
    assert 'name="assign-version" value="1"' in form_page and ">\n甲</textarea>" in form_page
    assignment_save(item=task, agency=kunming(), instructions="乙", actor=users["coordinator"],
                    expected_version=assignment.version)
    page = html_of(office.post("/tasks/4.1/", assign_form(instructions="丙", version="1")), status=400)
    assert "您打开页面后他人修改了该交办事项" in page and "coordinator" in page
    assert Assignment.objects.get().instructions == "乙"


def test_the_page_queries_do_not_grow_with_the_units_assigned(users, client_for):
    task = Task.objects.get(code="4.1")

    def queries(name) -> int:
        client = client_for(name)
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/tasks/4.1/").status_code == 200
        return len(captured)

    assignment_save(item=task, agency=kunming(), contact=users["kunming"], actor=users["coordinator"])
    one = {name: queries(name) for name in ("coordinator", "kunming")}
    for agency in Agency.objects.filter(kind="prefecture").exclude(pk=kunming().pk):
        assignment_save(item=task, agency=agency, instructions="按月报送", actor=users["coordinator"])
    assert {name: queries(name) for name in ("coordinator", "kunming")} == one
    assert max(one.values()) <= 32  # with the units' parts and their milestones


def test_every_step_is_in_the_items_record_for_the_office_and_auditors(users, client_for):
    task = Task.objects.get(code="4.1")
    assignment = assignment_save(item=task, agency=kunming(), instructions="甲", actor=users["coordinator"])
    assignment = assignment_save(item=task, agency=kunming(), instructions="乙", actor=users["coordinator"],
                                 expected_version=assignment.version)
    assignment_acknowledge(assignment=assignment, actor=users["kunming"])
    request = extension_request(item=task, requested_deadline=date(2027, 6, 30), reason="汛期", actor=users["fire"])
    extension_reject(request=request, note="理由不足", actor=users["coordinator"])
    trail = html_of(client_for("auditor").get("/tasks/4.1/"))
    trail = trail[trail.index('id="supervision-trail"'):]
    steps = re.findall(r"<li>[^<]*· (\w+) · ([^:<]+): ([^<]+)</li>", trail)
    assert steps == [("coordinator", "昆明市", "交办"), ("coordinator", "昆明市", "修改交办事项"),
                     ("kunming", "昆明市", "签收"), ("fire", "省消防救援总队", "申请延期(2027-06-30)"),
                     ("coordinator", "省消防救援总队", "驳回延期(2027-06-30)")]
    assert 'id="supervision-trail"' not in html_of(client_for("kunming").get("/tasks/4.1/"))


def test_the_assignments_list_puts_those_awaiting_first_and_is_scoped(users, client_for):
    task = Task.objects.get(code="4.1")
    dali = Agency.objects.get(name="大理白族自治州")
    acknowledged = assignment_save(item=task, agency=dali, instructions="大理的要求", actor=users["coordinator"])
    assignment_acknowledge(assignment=acknowledged, actor=users["dali"])
    assignment_save(item=task, agency=kunming(), instructions="昆明的要求", actor=users["coordinator"])
    page = html_of(client_for("coordinator").get("/supervision/assignments/"))
    assert page.index("待签收（") < page.index("dali已于")  # awaiting first
    waiting = html_of(client_for("coordinator").get("/supervision/assignments/?waiting=1"))
    assert "昆明市" in waiting and "大理白族自治州" not in waiting
    own = html_of(client_for("kunming").get("/supervision/assignments/"))
    assert "昆明市" in own and "大理白族自治州" not in own
    assert "暂无交办事项" in html_of(client_for("sysadmin").get("/supervision/assignments/"))


def test_the_assignments_list_queries_do_not_grow_with_rows(users, client_for):
    task = Task.objects.get(code="4.1")

    def queries() -> int:
        client = client_for("coordinator")
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/supervision/assignments/").status_code == 200
        return len(captured)

    assignment_save(item=task, agency=kunming(), contact=users["kunming"], actor=users["coordinator"])
    one = queries()
    for agency in Agency.objects.filter(kind="prefecture").exclude(pk=kunming().pk):
        assignment_save(item=task, agency=agency, actor=users["coordinator"])
    assert queries() == one <= 12
