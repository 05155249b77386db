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
    assert "督办单" in page
    client.post("/notifications/")
    assert not Notification.objects.filter(user=users["fire"], read_at__isnull=True).exists()
    assert 'id="unread-count"' not in html_of(client.get("/tasks/"))


def test_opening_a_notification_marks_it_read_and_goes_to_the_place_to_act(users, client_for):
    shown = {"kind": "immediate"}
    mine = Notification.objects.create(user=users["kunming"], key="t:1", title="请签收交办事项", url="/tasks/4.1/",
                                       **shown)
    elsewhere = Notification.objects.create(user=users["kunming"], key="t:2", title="外部",
                                            url="https://evil.example/", **shown)
    theirs = Notification.objects.create(user=users["dali"], key="t:3", title="大理的", url="/tasks/4.1/", **shown)
    client = client_for("kunming")
    assert f'action="/notifications/{mine.pk}/open/"' in html_of(client.get("/notifications/"))
    assert client.get(f"/notifications/{mine.pk}/open/").status_code == 405  # a prefetched link reads nothing
    opened = client.post(f"/notifications/{mine.pk}/open/")
    assert opened.status_code == 302 and opened.url == "/tasks/4.1/"
    mine.refresh_from_db()
    assert mine.read_at is not None
    assert client.post(f"/notifications/{elsewhere.pk}/open/").url == "/notifications/"  # never off the site
    assert client.post(f"/notifications/{theirs.pk}/open/").status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None
    assert client.post(f"/api/v1/notifications/{theirs.pk}/read/").status_code == 404
    assert client.post(f"/api/v1/notifications/{elsewhere.pk}/read/").json()["read_at"] is not None


def test_the_digest_lists_its_lines_as_links_and_the_user_turns_its_e_mail_off(users, client_for):
    Notification.objects.create(user=users["kunming"], key="digest:2026-12-02", kind="digest", title="12月02日督办摘要",
                                lines=[{"text": "1份督办单待反馈<b>", "url": "/notices/?state=awaiting"}])
    client = client_for("kunming")
    page = html_of(client.get("/notifications/"))
    assert '<a href="/notices/?state=awaiting">1份督办单待反馈&lt;b&gt;</a>' in page
    assert 'checked' in html_of(client.get("/notifications/settings/"))
    assert client.post("/notifications/settings/", {}).status_code == 302  # the box left unticked
    assert 'checked' not in html_of(client.get("/notifications/settings/"))
