"""Notifications over the API (/api/v1/notifications/): each user's own."""

from notifications.models import Notification
from tests.responses import json_of


def test_notifications_are_each_users_own(users, client_for):
    Notification.objects.create(user=users["kunming"], key="k1", title="提醒", kind="immediate")
    Notification.objects.create(user=users["dali"], key="k2", title="别人的", kind="immediate")
    mine = json_of(client_for("kunming").get("/api/v1/notifications/"))
    assert [n["title"] for n in mine["results"]] == ["提醒"]
    other = Notification.objects.get(key="k2")
    assert client_for("kunming").get(f"/api/v1/notifications/{other.pk}/").status_code == 404
    assert json_of(client_for("kunming").post("/api/v1/notifications/read-all/")) == {"marked": 1}
    assert Notification.objects.get(key="k2").read_at is None
