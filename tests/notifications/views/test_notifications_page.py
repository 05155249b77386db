"""The notification bell in the navigation bar (notifications.context_processors) and the notifications page that
marks them read."""

import time_machine

from notifications.models import Notification
from recompute.services import snapshots_recompute
from reminders.services import reminders_send
from tests.responses import html_of

AFTER_DEADLINE = "2026-01-05 10:00 +0800"


def test_the_bell_shows_unread_and_the_page_marks_them_read(users, client_for):
    with time_machine.travel(AFTER_DEADLINE):
        snapshots_recompute()
        reminders_send()
    client = client_for("fire")
    unread = Notification.objects.filter(user=users["fire"], read_at__isnull=True).count()
    assert unread > 0
    assert f'id="unread-count">{unread}<' in html_of(client.get("/tasks/"))
    page = html_of(client.get("/notifications/"))
    assert "转为红灯" in page
    client.post("/notifications/")
    assert not Notification.objects.filter(user=users["fire"], read_at__isnull=True).exists()
    assert 'id="unread-count"' not in html_of(client.get("/tasks/"))
