"""The report page (/reports/<id>/): save and submit, evidence on items, and bad input (odd numbers, a garbled
version) refused with a 400, never a server error."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from agencies.models import Agency, ApiToken
from reporting.models import PrefectureReport
from tests.factories import pdf_file, report_of


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
