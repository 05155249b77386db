"""The evaluation's pages and endpoints read in a fixed number of queries: more adjustments, bulletins or items
judged add none."""

import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from agencies.models import Agency
from bulletins.services import bulletin_draft
from evaluation.scoring import DEFAULT_CRITERIA
from evaluation.services import scheme_save, score_adjust
from recompute.services import snapshots_recompute

TODAY = "2026-03-02 09:00 +0800"


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_scores_page_and_api_do_not_grow_with_adjustments(users, client_for):
    leader, office = client_for("leader"), users["coordinator"]
    with time_machine.travel(TODAY):
        scheme = scheme_save(year=2025, criteria=DEFAULT_CRITERIA, actor=office, expected_version=0)
        units = list(Agency.objects.prefectures().order_by("order")[:3])
        score_adjust(scheme=scheme, agency=units[0], points=1, reason="加分", actor=office)
        before = (_count(leader, "/evaluation/scores/?year=2025"), _count(leader, "/api/v1/scores/?year=2025"))
        for unit in units[1:]:
            score_adjust(scheme=scheme, agency=unit, points=-1, reason="扣分", actor=office)
        after = (_count(leader, "/evaluation/scores/?year=2025"), _count(leader, "/api/v1/scores/?year=2025"))
    assert before == after


def test_bulletin_list_and_api_do_not_grow_with_bulletins(users, client_for):
    leader = client_for("leader")
    with time_machine.travel(TODAY):
        snapshots_recompute()
        bulletin_draft(kind="month", year=2026, number=3, actor=users["coordinator"])
        before = (_count(leader, "/bulletins/"), _count(leader, "/api/v1/bulletins/"))
        for kind, number in (("quarter", 1), ("year", 1)):
            bulletin_draft(kind=kind, year=2026, number=number, actor=users["coordinator"])
        after = (_count(leader, "/bulletins/"), _count(leader, "/api/v1/bulletins/"))
    assert before == after
