"""The report page (/reports/<id>/): save and submit, evidence on items, and bad input (odd numbers, a garbled
version) refused with a 400, never a server error."""

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile

from agencies.models import Agency, ApiToken
from reporting.models import PrefectureReport
from tests.factories import pdf_file, report_of
from tests.responses import html_of


def test_the_report_page_saves_and_submits(period, users, client_for):
    report = report_of(period, "昆明市")
    form = {"version": "1", "action": "submit"}
    for item in report.items.all():
        form |= {f"item-{item.pk}-status": "in_progress", f"item-{item.pk}-narrative": "页面填报",
                 f"item-{item.pk}-problems": ""}
    line = report.indicator_lines.get(indicator__code="I11")
    bad = client_for("kunming").post(f"/reports/{report.pk}/", form | {f"line-{line.pk}-value": "三件"})
    assert bad.status_code == 400 and 'id="field-errors"' in bad.content.decode()
    assert PrefectureReport.objects.get(pk=report.pk).status == "draft"
    response = client_for("kunming").post(f"/reports/{report.pk}/", form | {f"line-{line.pk}-value": "3"})
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == "submitted" and report.indicator_lines.get(pk=line.pk).value == 3
    assert Agency.objects.get(pk=report.prefecture_id).name == "昆明市"


def test_report_items_carry_evidence_served_only_to_those_who_see_the_report(period, users, client_for):
    report = report_of(period, "昆明市")
    item = report.items.first()
    form = {"version": "1", "action": "save", f"item-{item.pk}-narrative": "附佐证",
            f"item-{item.pk}-status": "in_progress", f"item-{item.pk}-problems": "",
            f"item-{item.pk}-evidence": [pdf_file("验收单.pdf")]}
    assert client_for("kunming").post(f"/reports/{report.pk}/", form).status_code == 302
    evidence = item.evidence.get()
    assert evidence.original_name == "验收单.pdf"
    page = html_of(client_for("kunming").get(f"/reports/{report.pk}/"))
    assert "bi-paperclip" in page and "📎" not in page  # an icon every browser draws
    assert client_for("kunming").get(f"/tasks/evidence/{evidence.pk}/").status_code == 200
    assert client_for("coordinator").get(f"/tasks/evidence/{evidence.pk}/").status_code == 200
    assert client_for("dali").get(f"/tasks/evidence/{evidence.pk}/").status_code == 404
    assert client_for("water").get(f"/tasks/evidence/{evidence.pk}/").status_code == 404
    bad = form | {"version": "2", f"item-{item.pk}-evidence": [SimpleUploadedFile("x.exe", b"MZ")]}
    assert client_for("kunming").post(f"/reports/{report.pk}/", bad).status_code == 400
    assert item.evidence.count() == 1


@pytest.mark.parametrize("raw", ["NaN", "Infinity", "-inf", "1e30"])
def test_odd_numbers_in_a_report_are_a_400(period, client_for, raw):
    report = period.reports.get(prefecture__name="昆明市")
    line = report.indicator_lines.get(indicator__code="I11")
    response = client_for("kunming").post(f"/reports/{report.pk}/", {
        "version": "1", "action": "save", f"line-{line.pk}-value": raw})
    assert response.status_code == 400
    ratio = report.indicator_lines.get(indicator__code="I02")
    api = client_for("kunming").patch(f"/api/v1/reports/{report.pk}/", {
        "version": 1, "indicator_lines": [{"id": ratio.pk, "numerator": "99999999", "denominator": "0.0001"}]},
        content_type="application/json")
    assert api.status_code == 400
    assert PrefectureReport.objects.get(pk=report.pk).version == 1


def test_a_garbled_version_or_token_id_is_not_a_server_error(period, client_for):
    report = period.reports.get(prefecture__name="昆明市")
    assert client_for("kunming").post(f"/reports/{report.pk}/", {"version": "abc", "action": "save"}
                                      ).status_code == 400
    assert client_for("kunming").post("/agencies/tokens/", {"revoke": "x"}).status_code == 404
    assert not ApiToken.objects.exists()


def test_a_bad_value_keeps_everything_typed_and_names_the_field(period, users, client_for):
    """#20: one typo no longer throws the report away: the page shows what was typed, the error at the top with a
    link to the field and its indicator's name, and beside the field."""
    report = report_of(period, "昆明市")
    first = report.items.first()
    line = report.indicator_lines.select_related("indicator").get(indicator__code="I11")
    other = report.indicator_lines.exclude(pk=line.pk).first()
    form = {"version": "1", "action": "save", f"item-{first.pk}-status": "in_progress",
            f"item-{first.pk}-narrative": "已完成市级平台建设<b>", f"item-{first.pk}-problems": "资金不足",
            f"line-{line.pk}-value": "abc", f"line-{other.pk}-value": "12.5", f"line-{other.pk}-source_note": "统计局"}
    page = html_of(client_for("kunming").post(f"/reports/{report.pk}/", form), 400)
    assert "已完成市级平台建设&lt;b&gt;</textarea>" in page and "资金不足</textarea>" in page
    assert 'value="12.5"' in page and 'value="统计局"' in page and 'value="abc"' in page
    assert f'<a href="#line-{line.pk}-value">I11 {line.indicator.name}</a>' in page
    assert f'id="line-{line.pk}-value"' in page and "is-invalid" in page
    assert report.items.get(pk=first.pk).narrative == ""  # nothing half-saved


def test_an_incomplete_report_names_the_items_left_empty(period, users, client_for):
    report = report_of(period, "昆明市")
    items = list(report.items.select_related("task", "key_project", "safeguard"))
    form = {"version": "1", "action": "submit"}
    for item in items[1:]:
        form |= {f"item-{item.pk}-status": "in_progress", f"item-{item.pk}-narrative": "推进",
                 f"item-{item.pk}-problems": ""}
    page = html_of(client_for("kunming").post(f"/reports/{report.pk}/", form), 400)
    assert f"尚有1个事项未填写进展情况（{items[0].code}）" in page
    assert f'<a href="#item-{items[0].pk}-narrative">{items[0].code}' in page
    assert PrefectureReport.objects.get(pk=report.pk).status == "draft"


def test_an_overdue_report_says_so_and_the_list_filters(period, users, client_for):
    """#20: 2025 Q2 was due on 10 July 2025; unsubmitted it is overdue, on the list and on its page, to both sides;
    the list filters by period, prefecture and status (overdue among them)."""
    with time_machine.travel("2025-07-15 10:00 +0800"):
        report = report_of(period, "昆明市")
        page = html_of(client_for("kunming").get(f"/reports/{report.pk}/"))
        assert "已逾期5天未报送" in page
        office = client_for("coordinator")
        kunming = report.prefecture_id
        overdue = html_of(office.get(f"/reports/?status=overdue&prefecture={kunming}&period={period.pk}"))
        assert overdue.count("已逾期5天未报送") == 1 and f'href="/reports/{report.pk}/"' in overdue
        assert "/reports/" not in html_of(office.get("/reports/?status=accepted")).split('id="reports"')[1].split(
            "</table>")[0]
        assert office.get("/reports/?status=x&prefecture=abc&period=--").status_code == 200
