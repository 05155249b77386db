"""办结审核 / 销号: "completed" from a unit is a request (待销号审核), judged as in progress until the provincial
office verifies it (recorded with the evidence seen), sends it back (with a reason), or later reopens it (with a
reason); not by the one who asked, and every refusal changes nothing."""

from datetime import date
from importlib import import_module

import pytest
import time_machine
from django.apps import apps as django_apps
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client

from core.errors import StaleVersionError
from core.lights import item_light
from reporting.excel import STATUS_BY_LABEL
from reporting.models import CompletionDecision
from reporting.services import completion_reopen, completion_return, completion_verify, item_update_status
from tasks.models import Task
from tests.factories import UserFactory, pdf_file, status_set


@pytest.fixture
def asked(users):
    """4.1 reported completed by its lead unit (省消防救援总队) with a file."""
    status_set("4.1", actor=users["fire"], status="completed", percent=100, narrative="全部建成",
               files=[pdf_file("验收报告.pdf")])
    return Task.objects.get(code="4.1")


def test_completed_from_a_unit_awaits_verification_and_counts_as_in_progress(asked):
    assert (asked.status, asked.percent) == ("pending_verification", 100)
    before = item_light(today=date(2025, 6, 2), deadline=asked.deadline, status=asked.status, percent=100,
                        last_update=None, tracked_since=date(2021, 1, 1))
    after = item_light(today=date(2026, 1, 5), deadline=asked.deadline, status=asked.status, percent=100,
                       last_update=None, tracked_since=date(2021, 1, 1))
    assert before.light == "green" and before.reason.startswith("办结申请待销号审核,按推进中判断:按序时进度推进")
    assert after.light == "red" and "已超过完成时限(2025-12-31)5天" in after.reason  # not done, so overdue


def test_verification_is_recorded_with_the_evidence_seen(asked, users):
    decision = completion_verify(item=asked, note="资料齐全", actor=users["coordinator"],
                                 expected_version=asked.version)
    asked.refresh_from_db()
    assert (asked.status, asked.percent) == ("completed", 100)
    assert decision.decision == "verified" and decision.decided_by == users["coordinator"]
    assert decision.evidence_seen.startswith("验收报告.pdf sha256:") and decision.request.narrative == "全部建成"
    assert item_light(today=date(2026, 1, 5), deadline=asked.deadline, status="completed", percent=100,
                      last_update=None, tracked_since=date(2021, 1, 1)).reason == "已完成"


def test_no_one_verifies_their_own_request(users):
    status_set("4.1", actor=users["coordinator"], status="completed", percent=100, narrative="完成")
    task = Task.objects.get(code="4.1")
    page = users_page(users, "coordinator")
    assert "待销号审核" in page and 'value="verify"' not in page  # shown, without the buttons
    with pytest.raises(PermissionDenied):
        completion_verify(item=task, actor=users["coordinator"], expected_version=task.version)
    completion_verify(item=task, actor=UserFactory(username="coordinator2"), expected_version=task.version)
    task.refresh_from_db()
    assert task.status == "completed"


@pytest.mark.parametrize("name", ["fire", "water", "kunming", "leader", "auditor", "sysadmin"])
def test_only_the_office_decides(asked, users, name):
    for service, extra in ((completion_verify, {}), (completion_return, {"reason": "x"})):
        with pytest.raises(PermissionDenied):
            service(item=asked, actor=users[name], expected_version=asked.version, **extra)
    asked.refresh_from_db()
    assert asked.status == "pending_verification" and not CompletionDecision.objects.exists()


def test_sending_back_needs_a_reason_and_reopens_the_work(asked, users):
    with pytest.raises(ValidationError):
        completion_return(item=asked, reason=" ", actor=users["coordinator"], expected_version=asked.version)
    completion_return(item=asked, reason="缺少验收报告原件", actor=users["coordinator"], expected_version=asked.version)
    asked.refresh_from_db()
    assert (asked.status, asked.percent) == ("in_progress", 99)
    assert CompletionDecision.objects.get().note == "缺少验收报告原件"


def test_a_verified_item_changes_only_when_the_office_reopens_it(asked, users):
    completion_verify(item=asked, actor=users["coordinator"], expected_version=asked.version)
    asked.refresh_from_db()
    with pytest.raises(ValidationError, match="已审核销号"):
        item_update_status(item=asked, status="in_progress", percent=80, narrative="补充", actor=users["fire"],
                           expected_version=asked.version)
    with pytest.raises(ValidationError):
        completion_reopen(item=asked, reason="", actor=users["coordinator"], expected_version=asked.version)
    completion_reopen(item=asked, reason="督查发现问题", actor=users["coordinator"], expected_version=asked.version)
    asked.refresh_from_db()
    assert asked.status == "in_progress"
    assert list(CompletionDecision.objects.values_list("decision", flat=True)) == ["reopened", "verified"]


def test_a_stale_or_out_of_turn_decision_is_refused(asked, users):
    with pytest.raises(StaleVersionError):
        completion_verify(item=asked, actor=users["coordinator"], expected_version=asked.version - 1)
    with pytest.raises(ValidationError, match="待销号审核"):
        completion_reopen(item=asked, reason="x", actor=users["coordinator"], expected_version=asked.version)
    assert not CompletionDecision.objects.exists()


def test_nobody_reports_awaiting_verification_directly(users):
    task = Task.objects.get(code="4.1")
    with pytest.raises(ValidationError):
        item_update_status(item=task, status="pending_verification", percent=100, narrative="x",
                           actor=users["fire"], expected_version=task.version)


@time_machine.travel("2026-12-02 10:00 +0800")
def test_on_the_page_and_over_the_api(asked, users, client_for):
    office = client_for("coordinator")
    page = office.get("/tasks/4.1/").content.decode()
    assert "待销号审核" in page and "验收报告.pdf" in page and 'value="verify"' in page
    assert client_for("fire").post("/tasks/4.1/", {"action": "completion", "decision": "verify",
                                                   "version": asked.version}).status_code == 403
    refused = office.post("/tasks/4.1/", {"action": "completion", "decision": "return", "note": "",
                                          "version": asked.version})
    assert refused.status_code == 400 and "请说明退回理由" in refused.content.decode()
    stale = office.post("/api/v1/tasks/4.1/completion/", {"decision": "verify", "version": asked.version - 1},
                        content_type="application/json")
    assert stale.status_code == 409
    done = office.post("/api/v1/tasks/4.1/completion/", {"decision": "verify", "version": asked.version},
                       content_type="application/json")
    assert done.status_code == 200 and done.json()["decision"] == "verified"
    assert 'value="reopen"' in office.get("/tasks/4.1/").content.decode()


@pytest.mark.parametrize("name", ["fire", "coordinator"])
def test_a_pending_request_is_answered_by_a_decision_not_a_status_update(asked, users, name):
    with pytest.raises(ValidationError, match="正待省应急厅审核销号"):
        item_update_status(item=asked, status="in_progress", percent=10, narrative="撤回", actor=users[name],
                           expected_version=asked.version)
    asked.refresh_from_db()
    assert (asked.status, asked.percent) == ("pending_verification", 100)
    assert 'name="percent"' not in users_page(users, name)


def users_page(users, name) -> str:
    client = Client()
    client.force_login(users[name])
    return client.get("/tasks/4.1/").content.decode()


def test_a_pending_completion_is_not_100_percent_in_averages(asked):
    judged = item_light(today=date(2025, 6, 2), deadline=asked.deadline, status=asked.status, percent=100,
                        last_update=None, tracked_since=date(2021, 1, 1))
    assert judged.progress == 99.0


def test_the_report_template_does_not_offer_awaiting_verification():
    assert "待销号审核" not in STATUS_BY_LABEL and set(STATUS_BY_LABEL) == {"未启动", "推进中", "已完成", "滞后",
                                                                        "持续推进中"}


def test_items_completed_before_verification_existed_become_requests(plan):
    """The data step of reporting/0007 (run here on today's models, whose fields it touches are the same)."""
    step = import_module("reporting.migrations.0007_completed_items_await_verification")
    Task.objects.filter(code="4.1").update(status="completed", percent=100)
    step.completed_await_verification(django_apps, None)
    assert Task.objects.get(code="4.1").status == "pending_verification"
    assert not Task.objects.filter(status="completed").exists()
