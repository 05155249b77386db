"""The dashboard page (/dashboard/): its query count does not grow with snapshots."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import activity_seeded, snapshots_on


def test_dashboard_page_query_count_is_fixed(users, client_for):
    activity_seeded(users, days=("2025-06-01",))
    client = client_for("leader")
    with CaptureQueriesContext(connection) as first:
        assert client.get("/dashboard/").status_code == 200
    snapshots_on(("2025-07-01", "2025-08-01"))
    with CaptureQueriesContext(connection) as second:
        assert client.get("/dashboard/").status_code == 200
    assert len(first) == len(second) <= 25
