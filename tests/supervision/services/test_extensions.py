"""延期申请 (supervision.services): the lead unit asks for a later deadline with a reason and attachments; the
provincial office approves it into a plan revision that names the request (the original deadline kept) or rejects
it with a reason; every refusal changes nothing."""

from datetime import date

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import DatabaseError

from notifications.models import Notification
from projects.models import Safeguard
from reporting.models import ProgressEntry
from revisions.models import PlanRevision
from revisions.services import item_revise_deadline
from supervision.models import ExtensionRequest
from supervision.services import extension_approve, extension_reject, extension_request
from tasks.models import Task
from tests.factories import UserFactory, pdf_file

LATER = date(2027, 6, 30)


@pytest.fixture
def task(plan):
    return Task.objects.get(code="4.1")  # deadline 2025-12-31, led by 省消防救援总队


def asked(task, users, **kwargs):
    return extension_request(item=task, requested_deadline=kwargs.get("deadline", LATER), actor=users["fire"],
                             reason=kwargs.get("reason", "受汛期影响，工程延后"), files=kwargs.get("files", ()))


def test_the_lead_unit_asks_with_attachments_and_the_office_is_told(task, users,
                                                                   django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        request = asked(task, users, files=[pdf_file("延期说明.pdf")])
    assert (request.status, request.current_deadline, request.agency.name) == ("pending", date(2025, 12, 31),
                                                                              "省消防救援总队")
    assert [f.original_name for f in request.entry.evidence.all()] == ["延期说明.pdf"]
    assert "2025-12-31" in request.entry.narrative and "2027-06-30" in request.entry.narrative
    assert Notification.objects.filter(user=users["coordinator"], url="/supervision/extensions/").exists()


@pytest.mark.parametrize("name", ["coordinator", "water", "leader", "auditor", "sysadmin"])
def test_only_the_lead_unit_asks(task, users, name):  # or a responsible unit for its part (test_part_extensions)
    with pytest.raises(PermissionDenied):
        extension_request(item=task, requested_deadline=LATER, reason="x", actor=users[name])
    assert not ExtensionRequest.objects.exists() and not ProgressEntry.objects.exists()


@pytest.mark.parametrize(("deadline", "reason", "field"), [
    (date(2026, 12, 1), "理由", "requested_deadline"),  # not after today
    (date(2025, 6, 30), "理由", "requested_deadline"),  # earlier than the deadline
    (date(2036, 1, 1), "理由", "requested_deadline"),  # beyond the plan's horizon
    (LATER, "   ", "reason"),
])
def test_bad_requests_are_refused_and_nothing_is_stored(task, users, deadline, reason, field):
    with pytest.raises(ValidationError) as refused:
        asked(task, users, deadline=deadline, reason=reason, files=[pdf_file()])
    assert field in refused.value.message_dict
    assert not ExtensionRequest.objects.exists() and not ProgressEntry.objects.exists()


def test_an_item_without_a_deadline_has_nothing_to_extend(plan, users):
    ongoing = Task.objects.get(code="4.4")  # 持续推进, led by 省应急厅
    editor = UserFactory(username="office-editor", agency_name="省应急厅", roles=["department_editor"])
    with pytest.raises(ValidationError, match="持续推进"):
        extension_request(item=ongoing, requested_deadline=LATER, reason="x", actor=editor)
    assert Safeguard.objects.filter(deadline__isnull=False).count() == 0  # no safeguard has one either


def test_approving_a_date_that_has_passed_meanwhile_is_refused(task, users):
    request = asked(task, users, deadline=date(2026, 12, 10))
    with time_machine.travel("2027-01-15 10:00 +0800"), pytest.raises(ValidationError, match="已过"):
        extension_approve(request=request, actor=users["coordinator"])
    task.refresh_from_db()
    assert task.deadline == date(2025, 12, 31)


def test_a_failure_after_the_files_are_stored_leaves_no_file_behind(task, users, monkeypatch, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path

    def fail(*args, **kwargs):
        raise DatabaseError("the database went away")

    monkeypatch.setattr(ExtensionRequest, "save", fail)  # a fault injected after the attachments were stored
    with pytest.raises(DatabaseError):
        asked(task, users, files=[pdf_file("说明.pdf")])
    assert not ProgressEntry.objects.exists()
    assert not [path for path in tmp_path.rglob("*") if path.is_file()]


def test_one_pending_request_per_unit_and_item(task, users):
    asked(task, users)
    with pytest.raises(ValidationError, match="待决定"):
        asked(task, users, reason="再次申请")
    assert ExtensionRequest.objects.count() == 1 and ProgressEntry.objects.count() == 1


def test_approval_revises_the_deadline_naming_the_request_and_keeps_the_original(task, users):
    request = asked(task, users)
    decided = extension_approve(request=request, note="同意", actor=users["coordinator"])
    task.refresh_from_db()
    assert task.deadline == LATER and decided.status == "approved" and decided.decided_by == users["coordinator"]
    revision = PlanRevision.objects.get()
    assert (revision.old_value, revision.new_value) == ("2025-12-31", "2027-06-30")
    assert revision.reference.startswith(f"延期申请#{request.pk}(省消防救援总队") and "同意" in revision.reason
    assert decided.revision == revision
    with pytest.raises(ValidationError, match="已由coordinator处理"):
        extension_reject(request=request, note="晚了", actor=users["coordinator"])


def test_rejection_needs_a_reason_and_keeps_the_deadline(task, users, django_capture_on_commit_callbacks):
    request = asked(task, users)
    with pytest.raises(ValidationError):
        extension_reject(request=request, note=" ", actor=users["coordinator"])
    with django_capture_on_commit_callbacks(execute=True):
        extension_reject(request=request, note="理由不充分", actor=users["coordinator"])
    task.refresh_from_db()
    assert task.deadline == date(2025, 12, 31) and not PlanRevision.objects.exists()
    notice = Notification.objects.get(user=users["fire"])
    assert "已驳回" in notice.title and notice.body == "理由不充分"
    asked(task, users, reason="补充材料后再次申请")  # a new request may follow a decided one
    assert ExtensionRequest.objects.filter(status="pending").count() == 1


@pytest.mark.parametrize("name", ["fire", "water", "leader", "auditor"])
def test_only_the_office_decides(task, users, name):
    request = asked(task, users)
    for decide in (extension_approve, extension_reject):
        with pytest.raises(PermissionDenied):
            decide(request=request, note="x", actor=users[name])
    request.refresh_from_db()
    assert request.status == "pending"


def test_a_request_made_stale_by_a_revision_is_not_approved(task, users):
    request = asked(task, users)
    item_revise_deadline(item=task, deadline=date(2026, 12, 31), reason="统一调整", reference="云应急〔2026〕1号",
                         actor=users["coordinator"], expected_version=task.version)
    with pytest.raises(ValidationError, match="时限已变更"):
        extension_approve(request=request, actor=users["coordinator"])
    request.refresh_from_db()
    assert request.status == "pending"
