"""A prefecture reporter fills in and submits its report in the browser; the office sees it submitted."""

import pytest
import time_machine

from reporting.models import PrefectureReport
from reporting.services import period_open

pytestmark = pytest.mark.django_db(transaction=True)


def test_reporter_submits_a_report(users, sign_in, live_server, screenshot):
    with time_machine.travel("2025-07-01 09:00 +0800"):
        period = period_open(year=2025, number=2, actor=users["coordinator"])
    report = PrefectureReport.objects.get(period=period, prefecture__name="昆明市")
    page = sign_in("kunming")
    page.goto(f"{live_server.url}/reports/")
    page.click(f"#reports a[href='/reports/{report.pk}/']")
    for textarea in page.locator("textarea[name$='-narrative']").all():
        textarea.fill("按计划推进")
    first_status = page.locator("select[name$='-status']").first
    first_status.select_option("in_progress")
    line = report.indicator_lines.get(indicator__code="I11")
    page.fill(f"input[name='line-{line.pk}-value']", "3")
    page.click("button[value=submit]")
    page.wait_for_selector(".alert-success")
    screenshot(page, "report-submitted")
    report.refresh_from_db()
    assert report.status == "submitted" and report.items.filter(narrative="按计划推进").count() == report.items.count()
    assert "kunming" in page.inner_text("#transitions")
    office = sign_in("coordinator")
    office.goto(f"{live_server.url}/reports/")
    assert "6.2%" in office.inner_text("#completeness")  # 1 of 16 reports in
