"""The final-evaluation page: for those who see the whole plan, filtered by outcome, in a fixed number of
queries, and refused to a unit."""

import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import UserFactory, completion_verified
from tests.responses import element, html_of


def test_leadership_reads_the_final_evaluation_filtered_by_outcome(users, client_for):
    with time_machine.travel("2025-11-01 09:00 +0800"):
        completion_verified("4.1", actor=users["fire"], verifier=users["coordinator"])
    client = client_for("leader")
    with time_machine.travel("2026-12-02 09:00 +0800"):
        with CaptureQueriesContext(connection) as first:
            html = html_of(client.get("/evaluation/final/"))
        assert "规划期已结束336天" in element(html, "final-when")
        done = html_of(client.get("/evaluation/final/?outcome=completed_on_time"))
        rows = element(done, "final-items")
        assert "4.1" in rows and rows.count('data-outcome="completed_on_time"') == 1
        assert 'data-outcome="not_completed"' not in rows
        # a second verified completion adds no query
        completion_verified("4.2", actor=users["coordinator"], verifier=UserFactory(username="office2"))
        with CaptureQueriesContext(connection) as second:
            client.get("/evaluation/final/?outcome=bogus")  # an unknown outcome shows all
    assert len(first) == len(second)
    assert "省消防救援总队" in element(html, "final-units") and "昆明市" in element(html, "final-prefectures")
    assert "I01" in element(html, "final-targets")


def test_a_unit_cannot_read_the_final_evaluation(users, client_for):
    for name in ("kunming", "fire"):
        assert client_for(name).get("/evaluation/final/").status_code == 403
