"""The daily digest: one message per user per day with what needs their action and what changed on their items
(the events since the last one, which it carries); built in a fixed number of queries whatever the number of items;
e-mailed unless the user turned that off; nothing about items a user cannot act on. Immediate notices (a report
returned, a 督办单 addressed to you) are shown and mailed at once."""

import time_machine
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext

from agencies.models import Agency
from notifications.models import Notification
from notifications.selectors import notification_list
from notifications.services import immediate_mail_send, notification_preference_save
from recompute.services import snapshots_recompute
from reminders.services import digests_send, reminders_send
from reporting.services import report_return
from supervision.services import assignment_save
from tasks.models import Task
from tests.factories import report_of, report_submitted

TODAY = "2026-12-02 08:00 +0800"


def assign(code, unit, users):
    return assignment_save(item=Task.objects.get(code=code), agency=Agency.objects.get(name=unit),
                           actor=users["coordinator"])


def digests_of(user):
    return list(Notification.objects.filter(user=user, kind="digest").order_by("pk"))


def test_one_digest_per_user_per_day_carries_the_events_since_the_last(users, django_capture_on_commit_callbacks):
    with time_machine.travel(TODAY), django_capture_on_commit_callbacks(execute=True):
        assign("4.1", "昆明市", users)
    event = Notification.objects.get(user=users["kunming"], key__startswith="assignment:")
    assert event.kind == "event" and event not in notification_list(users["kunming"])  # waits for the digest
    with time_machine.travel(TODAY):
        assert digests_send() >= 1
        assert digests_send() == 0  # a rerun writes nothing
    [digest] = digests_of(users["kunming"])
    event.refresh_from_db()
    assert event.carried_by == digest and digest in notification_list(users["kunming"])
    texts = [line["text"] for line in digest.lines]
    assert texts[0] == "1项交办事项待签收" and event.title in texts and digest.title.endswith("1项待办，1项动态")
    with time_machine.travel("2026-12-03 08:00 +0800"):
        digests_send()
    second = digests_of(users["kunming"])[1]
    assert [line["text"] for line in second.lines] == ["1项交办事项待签收"]  # the event was read yesterday


def test_the_digest_is_built_in_the_same_number_of_queries_however_many_items(users, period):
    def run(day):
        with time_machine.travel(f"{day} 08:00 +0800"), CaptureQueriesContext(connection) as queries:
            written = digests_send()
        return written, len(queries.captured_queries)

    assign("4.1", "昆明市", users)
    small = run("2025-07-02")  # the report is due in 8 days: not yet in anyone's digest
    for code in ("1.1", "1.2", "1.3", "1.4", "4.2"):
        for unit in ("昆明市", "大理白族自治州"):
            assign(code, unit, users)
    report_submitted(report_of(period, "大理白族自治州"), actor=users["dali"])
    large = run("2025-07-04")
    assert large[0] > small[0] and large[1] == small[1] <= 25, (small, large)


def test_a_reporter_hears_nothing_of_items_it_cannot_act_on(users):
    """4.1 is overdue (a red notice to its lead, 省消防救援总队) and 大理州 has a part of it; 昆明市, without a part
    of its own, has nothing to act on and receives nothing."""
    with time_machine.travel(TODAY):
        assign("4.1", "大理白族自治州", users)
        snapshots_recompute()
        reminders_send()
    assert not Notification.objects.filter(user=users["kunming"]).exists()
    [dali] = digests_of(users["dali"])
    assert all("昆明" not in line["text"] for line in dali.lines)
    assert {line["text"] for line in dali.lines} >= {"1份督办单待反馈", "1项交办事项待签收"}


def test_the_digest_is_mailed_unless_the_user_turned_it_off(users, period):
    users["kunming"].email, users["dali"].email = "km@example.org", "dl@example.org"
    users["kunming"].save()
    users["dali"].save()
    notification_preference_save(user=users["dali"], digest_email=False)
    with time_machine.travel("2025-07-05 08:00 +0800"):
        digests_send()
    assert [m.to for m in mail.outbox] == [["km@example.org"]]
    assert "2025年第2季度报告将于5天后截止" in mail.outbox[0].body and digests_of(users["dali"])  # shown, not mailed


def test_a_returned_report_is_shown_and_mailed_at_once(users, period, django_capture_on_commit_callbacks):
    users["kunming"].email = "km@example.org"
    users["kunming"].save()
    report = report_submitted(report_of(period, "昆明市"), actor=users["kunming"])
    with django_capture_on_commit_callbacks(execute=True):
        report_return(report=report, reason="数据有误", actor=users["coordinator"])
    returned = Notification.objects.get(user=users["kunming"], key__startswith="report-returned:")
    assert returned.kind == "immediate" and returned in notification_list(users["kunming"])
    assert immediate_mail_send() == 1 and immediate_mail_send() == 0
    assert mail.outbox[0].to == ["km@example.org"] and "已被退回" in mail.outbox[0].subject
