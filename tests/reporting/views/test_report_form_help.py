"""#20: the report form as a clerk wants it — saved while typing (never over a newer save, nothing written from a
refused value), each item's card with the item's link and what the plan asks of this prefecture, last period's
text to copy, a count of what is filled, files chosen through a labelled control, and numerator and denominator
only for a ratio."""

from decimal import Decimal

from reporting.models import PrefectureReport, ReportItem
from tasks.models import Task
from tests.factories import period_opened, report_filled, report_of, report_submitted
from tests.responses import html_of


def autosave(client, report, data):
    return client.post(f"/reports/{report.pk}/autosave/", data)


def test_autosave_saves_the_draft_and_returns_the_new_version(users, client_for, period):
    report = report_of(period, "昆明市")
    item = report.items.first()
    line = report.indicator_lines.get(indicator__code="I11")
    response = autosave(client_for("kunming"), report, {
        "version": report.version, f"item-{item.pk}-narrative": "已完成选址", f"item-{item.pk}-status": "in_progress",
        f"line-{line.pk}-value": "4"})
    assert response.status_code == 200 and response.json()["version"] == report.version + 1
    item.refresh_from_db()
    line.refresh_from_db()
    assert item.narrative == "已完成选址" and line.value == Decimal(4)


def test_autosave_never_writes_over_a_newer_save_nor_a_refused_value(users, client_for, period):
    report = report_of(period, "昆明市")
    item = report.items.first()
    line = report.indicator_lines.get(indicator__code="I11")
    client = client_for("kunming")
    stale = report.version
    assert autosave(client, report, {"version": stale, f"item-{item.pk}-narrative": "第一个标签页"}).status_code == 200
    # Another tab still holds the old version: refused, and the newer text stays.
    response = autosave(client, report, {"version": stale, f"item-{item.pk}-narrative": "旧标签页"})
    assert response.status_code == 409 and response.json()["stale"] and "版本" in response.json()["detail"]
    item.refresh_from_db()
    assert item.narrative == "第一个标签页"
    # A value that is not a number: nothing of the form is written, and the field is named.
    version = PrefectureReport.objects.get(pk=report.pk).version
    response = autosave(client, report, {"version": version, f"item-{item.pk}-narrative": "改了",
                                         f"line-{line.pk}-value": "abc"})
    assert response.status_code == 400 and f"line-{line.pk}-value" in response.json()["fields"]
    assert "1处填写需要更正" in response.json()["detail"]
    item.refresh_from_db()
    assert item.narrative == "第一个标签页" and PrefectureReport.objects.get(pk=report.pk).version == version
    assert autosave(client, report, {"version": "x"}).status_code == 400


def test_autosave_is_for_the_reports_own_reporter_and_its_draft_only(users, client_for, period):
    report = report_of(period, "昆明市")
    item = report.items.first()
    data = {"version": report.version, f"item-{item.pk}-narrative": "越权"}
    assert autosave(client_for("dali"), report, data).status_code == 404
    assert autosave(client_for("coordinator"), report, data).status_code == 403
    assert client_for("kunming").get(f"/reports/{report.pk}/autosave/").status_code == 405
    assert client_for("kunming").post("/reports/999999/autosave/", data).status_code == 404
    report = report_submitted(report, actor=users["kunming"])
    locked = autosave(client_for("kunming"), report, {**data, "version": report.version})
    assert locked.status_code == 400 and "已报送并锁定" in locked.json()["detail"]
    assert ReportItem.objects.get(pk=item.pk).narrative == "推进"


def test_each_card_links_its_item_says_what_the_plan_asks_and_offers_last_periods_text(users, client_for, period):
    q2 = report_of(period, "昆明市")
    report_filled(q2, actor=users["kunming"], narrative="二季度：完成3座小型水库除险加固")
    q3 = report_of(period_opened(actor=users["coordinator"], number=3, at="2025-10-01 09:00 +0800"), "昆明市")
    page = html_of(client_for("kunming").get(f"/reports/{q3.pk}/"))
    task = Task.objects.get(code="5.1.2")
    assert f'<a href="/tasks/5.1.2/">5.1.2 {task.title}</a>' in page
    assert "规划对本州市的要求" in page and task.text[:20] in page
    assert 'data-narrative="二季度：完成3座小型水库除险加固"' in page and "沿用上期内容" in page
    assert "已填 0/" in page and 'data-autosave="/reports/' in page
    # Files through a labelled control in the page's language, not the browser's own "Choose Files".
    assert 'class="file-picker-input"' in page and "选择文件" in page and "未选择文件" in page
    # The office reads the same card, without the form's helpers.
    office = html_of(client_for("coordinator").get(f"/reports/{q3.pk}/"))
    assert "规划对本州市的要求" in office and "沿用上期内容" not in office and "data-autosave" not in office


def test_only_a_ratio_asks_for_a_numerator_and_a_denominator(users, client_for, period):
    report = report_of(period, "昆明市")
    page = html_of(client_for("kunming").get(f"/reports/{report.pk}/"))
    ratio = report.indicator_lines.filter(indicator__rollup_method="ratio").first()
    count = report.indicator_lines.exclude(indicator__rollup_method="ratio").first()
    assert f'name="line-{ratio.pk}-numerator"' in page and f'name="line-{ratio.pk}-denominator"' in page
    assert f'name="line-{count.pk}-value"' in page and f'name="line-{count.pk}-numerator"' not in page


def test_autosave_says_when_the_session_has_ended_instead_of_answering_with_the_sign_in_page(users, client, period):
    report = report_of(period, "昆明市")
    response = client.post(f"/reports/{report.pk}/autosave/", {"version": report.version})
    assert response.status_code == 401 and "登录" in response.json()["detail"]


def test_autosave_keeps_what_the_form_does_not_show_and_makes_no_version_of_no_change(users, client_for, period):
    report = report_of(period, "昆明市")
    count = report.indicator_lines.exclude(indicator__rollup_method="ratio").first()
    count.numerator, count.denominator, count.value = Decimal(3), Decimal(4), Decimal(5)
    count.save()
    item = report.items.first()
    client = client_for("kunming")
    saved = autosave(client, report, {"version": report.version, f"item-{item.pk}-narrative": "推进中",
                                      f"line-{count.pk}-value": "5", f"line-{count.pk}-source_note": ""})
    count.refresh_from_db()
    assert (count.numerator, count.denominator) == (Decimal(3), Decimal(4))  # not on the form: kept
    version = saved.json()["version"]
    again = autosave(client, report, {"version": version, f"item-{item.pk}-narrative": "推进中"})
    assert again.json()["version"] == version  # nothing changed: no new version, another tab stays current
