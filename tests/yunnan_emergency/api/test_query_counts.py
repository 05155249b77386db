"""The API's list endpoints: query counts pinned, and the same for a page of one as for a page of everything."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from notifications.models import Notification
from reporting.services import period_open


def test_list_query_counts_are_pinned(users, client_for):
    period_open(year=2025, number=1, actor=users["coordinator"])
    for n in range(5):
        Notification.objects.create(user=users["leader"], key=f"n{n}", title="t")
    client = client_for("leader")
    for url in ("/api/v1/reports/", "/api/v1/periods/", "/api/v1/notifications/", "/api/v1/exports/",
                "/api/v1/indicators/", "/api/v1/agencies/"):
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url, {"page_size": 500}).status_code == 200
        with CaptureQueriesContext(connection) as one:
            assert client.get(url, {"page_size": 1}).status_code == 200
        assert len(captured) == len(one) <= 10, url
