"""After a notice is issued: the unit answers (what, by when, files) and the office is told; the office closes it
with a reason or asks again with a new date; whoever may not, cannot, and a refused step changes nothing."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from core.errors import StaleVersionError
from notices.models import NoticeAttachment, NoticeState, StepKind, SupervisionNotice
from notices.services import notice_answer, notice_ask_again, notice_close, notices_issue, unit_contact_save
from notifications.models import Notification
from tests.factories import pdf_file
from tests.notices.conftest import kunming, part_progress


@pytest.fixture
def notice(task, users, kunming_part):
    part_progress(task, users["kunming"], 10)
    notices_issue()
    return SupervisionNotice.objects.get(agency=kunming())


def answer(notice, user, **extra):
    return notice_answer(notice=notice, text=extra.pop("text", "本月底前完成平台联调"),
                         promised_by=extra.pop("promised_by", date(2026, 12, 31)), actor=user,
                         expected_version=extra.pop("expected_version", notice.version), **extra)


def test_the_unit_answers_with_files_and_the_office_is_told(notice, users, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        step = answer(notice, users["kunming"], files=[pdf_file("整改方案.pdf")])
    notice.refresh_from_db()
    assert notice.state == NoticeState.ANSWERED and step.kind == StepKind.ANSWER
    assert [a.original_name for a in step.attachments.all()] == ["整改方案.pdf"]
    told = Notification.objects.get(user=users["coordinator"], key=f"notice-answer:{step.pk}")
    assert "昆明市" in told.title and notice.number in told.title


@pytest.mark.parametrize(("extra", "field"), [
    ({"text": "  "}, "text"),
    ({"promised_by": None}, "promised_by"),
    ({"promised_by": date(2026, 11, 30)}, "promised_by"),  # in the past
    ({"files": [pdf_file("x.exe")]}, "evidence"),
])
def test_an_incomplete_answer_is_refused_and_changes_nothing(notice, users, extra, field):
    with pytest.raises(ValidationError) as refused:
        answer(notice, users["kunming"], **extra)
    assert field in refused.value.message_dict
    notice.refresh_from_db()
    assert notice.state == NoticeState.AWAITING and not notice.steps.exists()
    assert not NoticeAttachment.objects.exists()


@pytest.mark.parametrize("who", ["dali", "water", "coordinator", "leader", "auditor"])
def test_only_the_unit_answers(notice, users, who):
    with pytest.raises(PermissionDenied):
        answer(notice, users[who])
    assert not notice.steps.exists()


def test_the_office_asks_again_then_closes_with_a_reason(notice, users, django_capture_on_commit_callbacks):
    answer(notice, users["kunming"])
    notice.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        notice_ask_again(notice=notice, text="请补充分月计划", actor=users["coordinator"],
                         expected_version=notice.version)
    notice.refresh_from_db()
    assert notice.state == NoticeState.AWAITING and notice.answer_by == date(2026, 12, 9)
    assert Notification.objects.filter(user=users["kunming"], key__startswith="notice-again:").exists()
    answer(notice, users["kunming"], text="已补充")
    notice.refresh_from_db()
    notice_close(notice=notice, reason="反馈措施可行", actor=users["coordinator"], expected_version=notice.version)
    notice.refresh_from_db()
    assert (notice.state, notice.closed_by, notice.close_reason) == (NoticeState.CLOSED, users["coordinator"],
                                                                       "反馈措施可行")
    assert [s.kind for s in notice.steps.all()] == ["answer", "ask_again", "answer", "close"]
    notices_issue()  # still yellow: a notice the office closed is not issued again the next day
    assert SupervisionNotice.objects.filter(agency=kunming()).count() == 1


def test_the_office_steps_are_the_offices_and_need_a_reason_and_the_version_read(notice, users):
    with pytest.raises(PermissionDenied):
        notice_close(notice=notice, reason="x", actor=users["kunming"])
    with pytest.raises(ValidationError):
        notice_close(notice=notice, reason=" ", actor=users["coordinator"])
    with pytest.raises(ValidationError):  # not answered yet: nothing to ask again
        notice_ask_again(notice=notice, text="再说明", actor=users["coordinator"])
    stale = notice.version
    answer(notice, users["kunming"])
    with pytest.raises(StaleVersionError):
        notice_close(notice=notice, reason="已阅", actor=users["coordinator"], expected_version=stale)
    notice.refresh_from_db()
    assert notice.state == NoticeState.ANSWERED


def test_contacts_are_users_of_the_unit(users, kunming_leader, plan):
    with pytest.raises(ValidationError) as refused:
        unit_contact_save(agency=kunming(), contact=users["dali"], leader=users["water"], actor=users["coordinator"])
    assert set(refused.value.message_dict) == {"contact", "leader"}
    with pytest.raises(PermissionDenied):
        unit_contact_save(agency=kunming(), contact=users["kunming"], leader=None, actor=users["kunming"])
    saved = unit_contact_save(agency=kunming(), contact=users["kunming"], leader=kunming_leader,
                              actor=users["coordinator"])
    assert (saved.contact, saved.leader) == (users["kunming"], kunming_leader)
