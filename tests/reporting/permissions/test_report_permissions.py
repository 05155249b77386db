"""Who may fill and review a report (reporting.permissions, applied by the services), and which reports the pages and
the API show each role."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from reporting.services import (
    report_accept,
    report_return,
)
from tests.factories import report_filled, report_of, report_submitted
from tests.responses import html_of, json_of


def test_only_the_prefecture_fills_and_only_the_office_reviews(period, users):
    dali = report_of(period, "大理白族自治州")
    for who in ("kunming", "coordinator", "water", "leader"):
        with pytest.raises(PermissionDenied):
            report_filled(dali, actor=users[who])
    report_submitted(dali, actor=users["dali"])
    for who in ("dali", "kunming", "leader", "auditor"):
        with pytest.raises(PermissionDenied):
            report_accept(report=dali, actor=users[who])
    with pytest.raises(ValidationError):
        report_return(report=dali, reason="  ", actor=users["coordinator"])


def test_pages_and_api_are_scoped_to_the_prefecture(period, users, client_for):
    kunming_report, dali_report = report_of(period, "昆明市"), report_of(period, "大理白族自治州")
    kunming = client_for("kunming")
    assert kunming.get(f"/reports/{kunming_report.pk}/").status_code == 200
    for url in (f"/reports/{dali_report.pk}/", f"/reports/{dali_report.pk}/excel/",
                f"/api/v1/reports/{dali_report.pk}/"):
        assert kunming.get(url).status_code == 404, url
    assert kunming.post(f"/reports/{dali_report.pk}/", {"action": "submit"}).status_code == 404
    assert kunming.patch(f"/api/v1/reports/{dali_report.pk}/", {"version": 1}, content_type="application/json"
                         ).status_code == 404
    assert kunming.post(f"/api/v1/reports/{dali_report.pk}/submit/").status_code == 404
    listed = json_of(kunming.get("/api/v1/reports/"))
    assert [r["prefecture"] for r in listed["results"]] == ["昆明市"]
    html = html_of(kunming.get("/reports/"))
    assert "大理白族自治州" not in html and 'id="completeness"' not in html
    assert json_of(client_for("leader").get("/api/v1/reports/"))["count"] == 16
    assert json_of(client_for("water").get("/api/v1/reports/"))["count"] == 0
    assert 'id="completeness"' in html_of(client_for("coordinator").get("/reports/"))
