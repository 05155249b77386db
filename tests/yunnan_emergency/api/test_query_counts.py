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
    # targets read their lights too (one query for the page)
    bounds = {"/api/v1/reports/": 10, "/api/v1/periods/": 10, "/api/v1/notifications/": 10, "/api/v1/exports/": 10,
              "/api/v1/indicators/": 11, "/api/v1/agencies/": 10}
    for url, bound in bounds.items():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url, {"page_size": 500}).status_code == 200
        with CaptureQueriesContext(connection) as one:
            assert client.get(url, {"page_size": 1}).status_code == 200
        assert len(captured) == len(one) <= bound, url
