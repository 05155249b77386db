"""Holes found in review: what a reporter may see of other prefectures, and inputs that once caused a 500."""

from decimal import Decimal

import pytest
import time_machine
from django.utils import timezone

from agencies.models import ApiToken
from reporting.models import PrefectureReport
from reporting.services import ItemInput, LineInput, period_open, report_save, report_submit
from tasks.models import Task


@pytest.fixture
def period(users):
    with time_machine.travel("2025-07-01 09:00 +0800"):
        period = period_open(year=2025, number=2, actor=users["coordinator"])
    for user, name, value in (("kunming", "昆明市", 3), ("dali", "大理白族自治州", 5)):
        report = period.reports.get(prefecture__name=name)
        report = report_save(report=report, actor=users[user], expected_version=1,
                             items={i.pk: ItemInput(narrative="推进") for i in report.items.all()},
                             lines={report.indicator_lines.get(indicator__code="I11").pk:
                                    LineInput(value=Decimal(value), source_note=f"{name}水利局")})
        report_submit(report=report, actor=users[user])
    return period


def test_an_indicator_page_shows_a_reporter_only_its_own_prefectures_value(period, client_for):
    kunming = client_for("kunming").get("/indicators/I11/").content.decode()
    assert "昆明市水利局" in kunming and "大理白族自治州水利局" not in kunming
    water = client_for("water").get("/indicators/I11/").content.decode()
    assert "昆明市水利局" not in water
    office = client_for("coordinator").get("/indicators/I11/").content.decode()
    assert "昆明市水利局" in office and "大理白族自治州水利局" in office


def test_dashboard_summary_of_a_prefecture_has_no_province_wide_reporting(period, client_for):
    assert client_for("kunming").get("/api/v1/dashboard/summary/").json()["reports"] is None
    assert client_for("leader").get("/api/v1/dashboard/summary/").json()["reports"]["expected"] == 16


@pytest.mark.parametrize("raw", ["NaN", "Infinity", "-inf", "1e30"])
def test_odd_numbers_in_a_report_are_a_400(users, client_for, raw):
    with time_machine.travel("2025-07-01 09:00 +0800"):
        period = period_open(year=2025, number=2, actor=users["coordinator"])
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


def test_a_garbled_version_or_token_id_is_not_a_server_error(users, client_for):
    with time_machine.travel("2025-07-01 09:00 +0800"):
        period = period_open(year=2025, number=2, actor=users["coordinator"])
    report = period.reports.get(prefecture__name="昆明市")
    assert client_for("kunming").post(f"/reports/{report.pk}/", {"version": "abc", "action": "save"}
                                      ).status_code == 400
    assert client_for("kunming").post("/agencies/tokens/", {"revoke": "x"}).status_code == 404
    assert not ApiToken.objects.exists()


def test_an_export_counts_only_evidence_the_user_may_see(users):
    import io

    from openpyxl import load_workbook

    from reporting.services import progress_entry_add
    from tests.conftest import pdf_file
    from workbook.writer import ExportFilters, export_workbook

    task = Task.objects.get(code="4.1")
    progress_entry_add(item=task, narrative="大理", actor=users["dali"], files=[pdf_file()])
    progress_entry_add(item=task, narrative="总队", actor=users["fire"], files=[pdf_file()])

    def count(user):
        buffer = io.BytesIO()
        export_workbook(user=user, filters=ExportFilters(year=2025, as_of=timezone.localdate()),
                        target=buffer)
        buffer.seek(0)
        rows = load_workbook(buffer)["重点任务"].iter_rows(min_row=2, values_only=True)
        return next(row for row in rows if row[0] == "4.1")[15]

    assert (count(users["kunming"]), count(users["dali"]), count(users["leader"])) == (1, 2, 2)


def test_values_read_as_written(period, users, client_for):
    from indicators.models import Indicator
    from indicators.services import indicator_value_add

    indicator_value_add(indicator=Indicator.objects.get(code="I11"), value=Decimal("30"),
                        as_of=timezone.localdate(), source="统计", actor=users["coordinator"])
    page = client_for("coordinator").get("/indicators/I11/").content.decode()
    assert "30件" in page and "3E+1" not in page and "5件" in page  # 大理's reported 5, not 5.0000
    report = PrefectureReport.objects.get(period=period, prefecture__name="昆明市")
    html = client_for("kunming").get(f"/reports/{report.pk}/").content.decode()
    assert "3.0000" not in html
