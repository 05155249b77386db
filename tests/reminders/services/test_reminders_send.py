"""reminders_send: the day's 督办单, the reporters of a report coming due, and
a unit that has not acknowledged its assignment in time are reminded once each (a notification, and an e-mail
where they have an address)."""

import time_machine
from django.core import mail

from agencies.models import Agency
from notices.models import SupervisionNotice
from notifications.models import Notification
from recompute.services import snapshots_recompute
from reminders.services import reminders_send
from revisions.services import item_set_scope
from snapshots.models import LightSnapshot
from supervision.services import assignment_acknowledge, assignment_save
from tasks.models import Task
from tasks.services import designation_add, designation_remove
from tests.factories import UserFactory, report_of, status_set

AFTER_DEADLINE = "2026-01-05 10:00 +0800"


def test_an_overdue_item_is_one_red_notice_to_its_lead_unit_e_mailed_once_and_no_prefecture_is_told(users):
    """The daily run issues 督办单 (notices.services) instead of a notice per item and user: 4.1 overdue is a line of
    one red notice to 省消防救援总队; the prefectures behind 各州、市人民政府, without parts of their own, hear
    nothing of it."""
    users["fire"].email = "fire@example.org"
    users["fire"].save()
    status_set("4.1", actor=users["coordinator"], percent=90)
    with time_machine.travel(AFTER_DEADLINE):
        snapshots_recompute()
        first = reminders_send()
        second = reminders_send()
    notice = SupervisionNotice.objects.get(agency__name="省消防救援总队", colour="red")
    assert Task.objects.get(code="4.1").pk in {line.item_id for line in notice.lines.all()}
    told = set(Notification.objects.filter(key=f"notice:{notice.pk}").values_list("user__username", flat=True))
    assert told == {"fire"} and first.emailed >= 1 and second.emailed == 0 and "issued=0" in second.notices
    assert not Notification.objects.filter(user__username__in=["kunming", "dali", "leader", "auditor"],
                                           key__startswith="notice:").exists()
    fire_mail = [m for m in mail.outbox if m.to == ["fire@example.org"] and notice.number in m.subject]
    assert len(fire_mail) == 1 and "已超过完成时限" in fire_mail[0].body


def digest_texts(user):
    return [[line["text"] for line in digest.lines]
            for digest in Notification.objects.filter(user=user, kind="digest").order_by("pk")]


def test_reporters_read_in_their_digest_that_the_report_comes_due_then_is_overdue(period, users):
    for day in ("2025-07-02", "2025-07-03", "2025-07-03", "2025-07-10", "2025-07-12"):
        with time_machine.travel(f"{day} 08:00 +0800"):
            reminders_send()
    total = report_of(period, "昆明市").items.count()
    assert digest_texts(users["kunming"]) == [[f"2025年第2季度报告将于7天后截止（2025-07-10），已填0/{total}项"],
                                              [f"2025年第2季度报告今天截止，已填0/{total}项"],
                                              [f"2025年第2季度报告已逾期2天未报送（截止2025-07-10），已填0/{total}项"]]
    with time_machine.travel("2025-07-12 08:00 +0800"):
        snapshots_recompute()
    light = LightSnapshot.objects.get(kind="report", subject_id=report_of(period, "昆明市").pk)
    assert light.light == "red" and "尚未报送" in light.reason


def test_a_unit_that_has_not_acknowledged_in_time_reads_it_in_its_digest(users):
    users["kunming"].email = "kunming@example.org"
    users["kunming"].save()
    task = Task.objects.get(code="4.1")
    with time_machine.travel("2026-12-04 10:00 +0800"):  # a Friday: acknowledge by Wednesday 9 December
        assignment_save(item=task, agency=Agency.objects.get(name="昆明市"), contact=users["kunming"],
                        actor=users["coordinator"])
        dali = assignment_save(item=task, agency=Agency.objects.get(name="大理白族自治州"), actor=users["coordinator"])
    assignment_acknowledge(assignment=dali, actor=users["dali"])
    with time_machine.travel("2026-12-10 08:00 +0800"):
        reminders_send()
    [lines] = digest_texts(users["kunming"])
    assert "1项交办事项待签收，其中1项已逾期" in lines and "「4.1 建强应急救援主力军国家队」的交办事项" not in lines
    assert not any("待签收" in text for texts in digest_texts(users["dali"]) for text in texts)
    assert [m.to for m in mail.outbox if "督办摘要" in m.subject and "待签收" in m.body] == [["kunming@example.org"]]


def test_the_acknowledgement_reaches_the_digest_of_who_can_acknowledge_and_no_one_else(users):
    """Not a deactivated contact, not an item no longer in the plan, not a unit no longer named for the item."""
    task = Task.objects.get(code="4.1")
    kunming2 = UserFactory(username="kunming2", agency_name="昆明市", roles=["prefecture_reporter"])
    water = Agency.objects.get(name="省水利厅")
    item_333 = Task.objects.get(code="3.3.3")  # given to 省级有关部门 alone
    with time_machine.travel("2026-12-04 10:00 +0800"):
        assignment_save(item=task, agency=Agency.objects.get(name="昆明市"), contact=users["kunming"],
                        actor=users["coordinator"])
        assignment_save(item=task, agency=Agency.objects.get(name="大理白族自治州"), actor=users["coordinator"])
        designation = designation_add(item=item_333, agency=water, role="lead", reason="分工",
                                      actor=users["coordinator"])
        assignment_save(item=item_333, agency=water, actor=users["coordinator"])
    users["kunming"].is_active = False
    users["kunming"].save()
    item_set_scope(item=task, scope="not_applicable", reason="不再适用", reference="云应急〔2026〕2号",
                   actor=users["coordinator"], expected_version=task.version)
    designation_remove(designation=designation, reason="调整分工", actor=users["coordinator"])

    def acknowledging():
        return {digest.user.username for digest in Notification.objects.filter(kind="digest")
                if any("待签收" in line["text"] for line in digest.lines)}

    with time_machine.travel("2026-12-10 08:00 +0800"):
        reminders_send()
    assert acknowledging() == set()
    task.scope = "active"
    task.save(update_fields=["scope"])
    with time_machine.travel("2026-12-11 08:00 +0800"):
        reminders_send()
    assert acknowledging() == {kunming2.username, "dali"}
