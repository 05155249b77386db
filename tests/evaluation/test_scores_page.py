"""The scores page: the office sets the year's scheme from the defaults, adjusts a score with a reason and closes
the year; leadership reads the ranking, a unit only its own row; bad input is refused with a message."""

import re

import time_machine

from agencies.models import Agency
from evaluation.models import ScoreAdjustment, ScoringScheme
from tests.responses import element, html_of

TODAY = "2026-03-02 09:00 +0800"


def _defaults(client):
    """The scheme form as the page offers it (the default criteria filled in), posted back."""
    html = html_of(client.get("/evaluation/scores/?year=2025"))
    form = element(html, "scheme-form")
    data = dict(re.findall(r'name="([^"]+)"[^>]*value="([^"]*)"', form))
    data.pop("csrfmiddlewaretoken", None)
    return data


def test_the_office_sets_adjusts_and_closes_and_each_role_sees_its_share(users, client_for):
    office = client_for("coordinator")
    with time_machine.travel(TODAY):
        assert "2025年度尚未制定考核方案" in html_of(office.get("/evaluation/scores/?year=2025"))
        data = _defaults(office)
        assert data["items_on_time-department-weight"] == "50"
        bad = office.post("/evaluation/scores/2025/scheme/", data | {"items_on_time-department-weight": "40"})
        assert bad.status_code == 400 and "合计为90" in element(bad.content.decode(), "scheme-errors")
        assert not ScoringScheme.objects.exists()
        assert office.post("/evaluation/scores/2025/scheme/", data).status_code == 302
        kunming = Agency.objects.get(name="昆明市")
        refused = office.post("/evaluation/scores/2025/adjust/", {"agency": kunming.pk, "points": "x", "reason": ""})
        assert refused.status_code == 400 and not ScoreAdjustment.objects.exists()
        assert office.post("/evaluation/scores/2025/adjust/", {"agency": kunming.pk, "points": "-2",
                                                               "reason": "数据不实"}).status_code == 302
        page = html_of(client_for("leader").get("/evaluation/scores/?year=2025"))
        prefectures = element(page, "scores-prefectures")
        assert prefectures.count("<tr data-unit=") == 16 and "数据不实" in prefectures
        assert "报送及时率" in prefectures and 'id="scheme-form"' not in page  # leadership reads, does not set
        own = html_of(client_for("kunming").get("/evaluation/scores/?year=2025"))
        assert element(own, "scores-prefectures").count("<tr data-unit=") == 1 and "昆明市" in own
        assert element(own, "scores-departments").count("<tr data-unit=") == 0
        scheme = ScoringScheme.objects.get(year=2025)
        assert office.post("/evaluation/scores/2025/close/", {"version": scheme.version}).status_code == 302
        closed = html_of(office.get("/evaluation/scores/?year=2025"))
        assert "定稿" in element(closed, "scheme-state") and 'id="scheme-form"' not in closed
        refused = office.post("/evaluation/scores/2025/scheme/", data)  # closed: refused, and said so
        assert refused.status_code == 400 and re.search(r'role="alert">[^<]*定稿', refused.content.decode())
        assert client_for("kunming").post("/evaluation/scores/2025/adjust/", {}).status_code == 403
        assert office.get("/evaluation/scores/?year=abc").status_code == 400
        assert client_for("sysadmin").get("/evaluation/scores/").status_code == 403  # no plan data for 三员
