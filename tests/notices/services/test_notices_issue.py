"""The daily 督办单 run: a unit's part that turns yellow gets one yellow notice and a rerun issues nothing; a notice
left unanswered is followed by a second one to the unit and its leadership contact, then listed for provincial
leadership; a subject that recovers closes its notice; one that worsens gets a notice of the worse colour."""

from datetime import date

import time_machine
from django.core import mail

from agencies.models import Agency
from notices.models import LineResolution, NoticeState, SupervisionNotice, UnitContact
from notices.services import notices_issue
from notifications.models import Notification
from recompute.services import snapshots_recompute
from reminders.services import reminders_send
from reporting.selectors import PartTerms, unit_part
from supervision.services import assignment_save
from tests.notices.conftest import kunming, part_progress


def kunmings(**filters):
    return SupervisionNotice.objects.filter(agency=kunming(), **filters)


def test_a_part_that_turns_yellow_gets_one_yellow_notice_and_a_rerun_issues_nothing(
        task, users, kunming_part, django_capture_on_commit_callbacks):
    part_progress(task, users["kunming"], 70)
    notices_issue()
    assert not kunmings().exists()  # on pace: nothing
    part_progress(task, users["kunming"], 10)  # 10% with 60% due by 31 December: yellow
    with django_capture_on_commit_callbacks(execute=True):
        first = notices_issue()
    notice = kunmings().get()
    assert (notice.colour, notice.level, notice.state, notice.number) == (
        "yellow", 1, "awaiting", f"云应急督〔2026〕{notice.sequence}号")
    assert notice in first.issued and notice.answer_by == date(2026, 12, 9)  # five working days
    [line] = notice.lines.all()
    assert line.part == kunming_part and "年度目标" in line.reason and line.deadline == date(2027, 6, 30)
    assert list(notice.addressees.all()) == [users["kunming"]]  # the contact named on the assignment
    told = Notification.objects.get(user=users["kunming"], key=f"notice:{notice.pk}")
    assert notice.number in told.title and told.url == f"/notices/{notice.pk}/"
    with django_capture_on_commit_callbacks(execute=True):
        second = notices_issue()
    assert second.issued == [] and kunmings().count() == 1
    assert Notification.objects.filter(key__startswith="notice:", user=users["kunming"]).count() == 1


def test_one_notice_per_unit_and_colour_covers_all_its_items(task, users, kunming_part):
    other = task.__class__.objects.get(code="4.2")
    assignment_save(item=other, agency=kunming(), contact=users["kunming"], actor=users["coordinator"],
                    part=PartTerms("第二项", date(2027, 6, 30), ((2026, 60),)))
    part_progress(task, users["kunming"], 10)
    part_progress(other, users["kunming"], 20)
    notices_issue()
    notice = kunmings().get()
    assert sorted(line.item_id for line in notice.lines.all()) == sorted([task.pk, other.pk])


def test_no_answer_escalates_to_the_leadership_contact_then_to_provincial_leadership(
        task, users, kunming_part, kunming_leader, django_capture_on_commit_callbacks):
    UnitContact.objects.create(agency=kunming(), contact=users["kunming"], leader=kunming_leader)
    kunming_leader.email = "leader@km.example"
    kunming_leader.save()
    part_progress(task, users["kunming"], 10)
    notices_issue()
    first = kunmings().get()
    with time_machine.travel("2026-12-09 08:00 +0800"):  # the answer-by date itself: not late yet
        assert notices_issue().escalated == 0
    with time_machine.travel("2026-12-10 08:00 +0800"), django_capture_on_commit_callbacks(execute=True):
        snapshots_recompute()
        run = reminders_send()
        again = reminders_send()
    assert "escalated=0" not in run.notices and "escalated=0" in again.notices
    first.refresh_from_db()
    second = kunmings(level=2).get()
    assert first.state == NoticeState.ESCALATED and second.follows == first and second.colour == "yellow"
    assert set(second.addressees.all()) == {users["kunming"], kunming_leader}
    assert [line.part for line in second.lines.all()] == [kunming_part]
    assert first.lines.get().resolution == LineResolution.FOLLOWED
    assert [m.to for m in mail.outbox if second.number in m.subject] == [["leader@km.example"]]
    assert Notification.objects.filter(user=kunming_leader, key=f"notice:{second.pk}").exists()
    with time_machine.travel("2026-12-18 08:00 +0800"):  # the second notice's date passed too
        snapshots_recompute()
        listed = notices_issue()
        assert notices_issue().listed == 0
    second.refresh_from_db()
    assert listed.listed >= 1 and second.listed_for_leadership_at is not None and kunmings().count() == 2


def test_the_item_recovers_and_the_notice_closes(task, users, kunming_part):
    part_progress(task, users["kunming"], 10)
    notices_issue()
    part_progress(task, users["kunming"], 70)
    run = notices_issue()
    notice = kunmings().get()
    assert run.closed == 1 and notice.state == NoticeState.CLOSED and notice.closed_by is None
    assert notice.lines.get().resolution == LineResolution.RECOVERED and "好转" in notice.close_reason
    part_progress(task, users["kunming"], 20)  # behind again: a new notice
    notices_issue()
    assert kunmings(state=NoticeState.AWAITING).count() == 1


def test_a_subject_that_worsens_gets_a_notice_of_the_worse_colour(task, users, kunming_part):
    part_progress(task, users["kunming"], 10)
    notices_issue()
    with time_machine.travel("2027-07-05 10:00 +0800"):  # the part's deadline passed: red
        snapshots_recompute()
        notices_issue()
    yellow, red = kunmings(colour="yellow").get(), kunmings(colour="red").get()
    assert yellow.state == NoticeState.CLOSED and yellow.lines.get().resolution == LineResolution.WORSENED
    assert red.state == NoticeState.AWAITING and red.lines.get().part == kunming_part


def test_a_deadline_near_and_on_pace_gets_a_blue_notice(task, users):
    assignment_save(item=task, agency=kunming(), contact=users["kunming"], actor=users["coordinator"],
                    part=PartTerms("年内收尾", date(2026, 12, 20)))
    part_progress(task, users["kunming"], 99)
    notices_issue()
    notice = kunmings().get()
    assert notice.colour == "blue" and "距完成时限(2026-12-20)还有18天" in notice.lines.get().reason


def test_the_lead_unit_answers_for_the_whole_item_and_the_office_sends_itself_nothing(task, users):
    snapshots_recompute()
    notices_issue()
    fire = SupervisionNotice.objects.get(agency__name="省消防救援总队", colour="red")
    assert task.pk in {line.item_id for line in fire.lines.all() if line.part_id is None}
    assert list(fire.addressees.all()) == [users["fire"]]  # no contact named: whoever answers for the unit
    assert not SupervisionNotice.objects.filter(agency__name="省应急厅").exists()
    assert not kunmings().exists()  # a prefecture without a part of its own gets no notice of the item
    numbers = sorted(SupervisionNotice.objects.values_list("sequence", flat=True))
    assert numbers == list(range(1, len(numbers) + 1))
    assert unit_part(task, Agency.objects.get(name="省消防救援总队")) is None
