"""A prefecture reporter fills in and submits its report in the browser; the office sees it submitted."""

import re

import pytest
import time_machine
from playwright.sync_api import expect

from reporting.models import PrefectureReport
from reporting.services import period_open
from tests.factories import period_opened, report_filled

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


def test_one_bad_value_keeps_everything_typed_and_the_draft_saves_itself(users, period, sign_in, live_server,
                                                                         screenshot):
    """A clerk fills every narrative, types abc for a number and saves: the page names that field at the top, marks
    it beside the item, and every narrative typed is still there. Typing is saved on its own (autosave), the save
    bar counts what is filled, and last period's text can be copied."""
    report = PrefectureReport.objects.get(period=period, prefecture__name="昆明市")
    page = sign_in("kunming")
    page.goto(f"{live_server.url}/reports/{report.pk}/")
    narratives = page.locator("textarea[name$='-narrative']")
    total = narratives.count()
    expect(page.locator("#filled-count")).to_have_text(f"已填 0/{total}")
    for index in range(total):
        narratives.nth(index).fill(f"第{index + 1}项按计划推进")
    expect(page.locator("#filled-count")).to_have_text(f"已填 {total}/{total}")
    expect(page.locator("#savebar")).to_be_in_viewport()  # the save bar stays in view at the bottom
    line = report.indicator_lines.get(indicator__code="I11")
    page.fill(f"input[name='line-{line.pk}-value']", "abc")
    page.click("button[value=save]")
    page.wait_for_selector("#field-errors")
    screenshot(page, "report-one-bad-value")
    assert "I11" in page.inner_text("#field-errors")
    expect(page.locator(f"input[name='line-{line.pk}-value']")).to_have_value("abc")
    expect(page.locator(f"input[name='line-{line.pk}-value']")).to_have_class(re.compile("is-invalid"))
    assert [narratives.nth(i).input_value() for i in range(total)] == [f"第{i + 1}项按计划推进" for i in range(total)]
    assert not report.items.exclude(narrative="").exists()  # nothing was half-saved

    # Corrected, the draft saves itself a few seconds after the typing stops.
    page.fill(f"input[name='line-{line.pk}-value']", "3")
    expect(page.locator("#autosave-status")).to_contain_text("自动保存", timeout=15000)
    expect(page.locator("#autosave-status")).to_contain_text("草稿已于", timeout=15000)
    report.refresh_from_db()
    assert report.items.filter(narrative__startswith="第").count() == total
    assert report.indicator_lines.get(pk=line.pk).value == 3
    page.click("button[value=save]")  # the page holds the autosave's version: a save by hand still goes through
    page.wait_for_selector(".alert-success")


def test_last_periods_text_is_copied_into_an_item(users, period, sign_in, live_server):
    report_filled(PrefectureReport.objects.get(period=period, prefecture__name="昆明市"), actor=users["kunming"],
                  narrative="二季度：完成3座小型水库除险加固")
    later = period_opened(actor=users["coordinator"], number=3, at="2025-10-01 09:00 +0800")
    report = PrefectureReport.objects.get(period=later, prefecture__name="昆明市")
    page = sign_in("kunming", viewport={"width": 390, "height": 844})
    page.goto(f"{live_server.url}/reports/{report.pk}/")
    item = report.items.first()
    page.click(f".copy-previous[data-item='{item.pk}']")
    expect(page.locator(f"#item-{item.pk}-narrative")).to_have_value("二季度：完成3座小型水库除险加固")
    expect(page.locator("#filled-count")).to_contain_text("已填 1/")
