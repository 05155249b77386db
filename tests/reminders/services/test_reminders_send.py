"""reminders_send: the users responsible for an item that turned red, and the reporters of a report coming due,
are reminded once each (a notification, and an e-mail where they have an address)."""

import time_machine
from django.core import mail

from notifications.models import Notification
from recompute.services import snapshots_recompute
from reminders.services import reminders_send
from snapshots.models import LightSnapshot
from tests.factories import report_of, status_set

SUMMER_2025 = "2025-06-02 10:00 +0800"
AFTER_DEADLINE = "2026-01-05 10:00 +0800"


def test_reminders_go_to_responsible_users_once(users):
    users["fire"].email = "fire@example.org"
    users["fire"].save()
    status_set("4.1", actor=users["coordinator"], percent=90)
    with time_machine.travel(SUMMER_2025):
        snapshots_recompute()
        reminders_send()
    baseline = Notification.objects.filter(title__startswith="任务4.1「").count()
    mail.outbox.clear()
    with time_machine.travel(AFTER_DEADLINE):
        snapshots_recompute()
        first = reminders_send()
        second = reminders_send()
    notices = Notification.objects.filter(title__startswith="任务4.1「", title__endswith="转为红灯")
    recipients = set(notices.values_list("user__username", flat=True))
    assert baseline == 0 and first.created > 0 and second.created == 0
    assert {"fire", "kunming", "dali", "coordinator"} <= recipients and "water" not in recipients
    assert "leader" not in recipients and "auditor" not in recipients
    fire_mail = [m for m in mail.outbox if m.to == ["fire@example.org"] and "任务4.1「" in m.subject]
    assert len(fire_mail) == 1 and "已超过完成时限" in fire_mail[0].body


def test_reporters_are_reminded_before_on_and_after_the_due_date_once_each(period, users):
    for day in ("2025-07-03", "2025-07-03", "2025-07-10", "2025-07-11", "2025-07-12"):
        with time_machine.travel(f"{day} 08:00 +0800"):
            reminders_send()
    titles = list(Notification.objects.filter(user=users["kunming"], key__startswith="report-due")
                  .order_by("pk").values_list("title", flat=True))
    assert titles == ["2025年第2季度报告将于7天后截止", "2025年第2季度报告今天截止", "2025年第2季度报告已逾期未报送"]
    with time_machine.travel("2025-07-12 08:00 +0800"):
        snapshots_recompute()
    light = LightSnapshot.objects.get(kind="report", subject_id=report_of(period, "昆明市").pk)
    assert light.light == "red" and "尚未报送" in light.reason
