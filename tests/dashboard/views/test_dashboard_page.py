"""The dashboard page (/dashboard/): its query count does not grow with snapshots."""

import re

from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import activity_seeded, snapshots_on
from tests.responses import html_of


def test_dashboard_page_query_count_is_fixed(users, client_for):
    activity_seeded(users, days=("2025-06-01",))
    client = client_for("leader")
    with CaptureQueriesContext(connection) as first:
        assert client.get("/dashboard/").status_code == 200
    snapshots_on(("2025-07-01", "2025-08-01"))
    with CaptureQueriesContext(connection) as second:
        assert client.get("/dashboard/").status_code == 200
    assert len(first) == len(second) <= 25


def test_the_headline_progress_is_called_what_it_is_a_plain_average(users, client_for):
    html = html_of(client_for("leader").get("/dashboard/"))
    label = re.search(r'<div class="small text-muted" title="([^"]*)">([^<]*)</div>'
                      r'<div class="fs-3" id="fig-progress">', html)
    assert label and label.group(2) == "平均完成度" and "每项同等计" in label.group(1)
    assert "加权完成度" not in html
