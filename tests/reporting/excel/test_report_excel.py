"""The Excel round trip of a report (reporting.excel through the report page): the template, a filled-in upload that
lands every value, and every kind of bad file refused with a message naming sheet, row and column, leaving the
database unchanged."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from reporting.models import PrefectureReport, ReportIndicatorLine, ReportItem
from tests.factories import report_of


@pytest.fixture
def report(period):
    return report_of(period, "昆明市")


def download(client, report):
    response = client.get(f"/reports/{report.pk}/excel/")
    assert response.status_code == 200
    return load_workbook(io.BytesIO(response.content))


def upload(client, report, book=None, *, name="report.xlsx", raw=None):
    if raw is None:
        buffer = io.BytesIO()
        book.save(buffer)
        raw = buffer.getvalue()
    return client.post(f"/reports/{report.pk}/", {"action": "upload",
                                                   "workbook": SimpleUploadedFile(name, raw)})


def state(report):
    return (list(ReportItem.objects.filter(report=report).order_by("pk").values_list("status", "narrative",
                                                                                       "problems")),
            list(ReportIndicatorLine.objects.filter(report=report).order_by("pk").values_list(
                "value", "numerator", "denominator", "source_note")),
            PrefectureReport.objects.get(pk=report.pk).version)


def test_template_has_locked_keys_and_a_status_list(report, client_for):
    book = download(client_for("kunming"), report)
    items, lines = book["事项进展"], book["指标数值"]
    assert [c.value for c in items[1]] == ["编号", "类型", "名称", "状态", "进展情况", "存在问题"]
    assert items.max_row - 1 == report.items.count()
    assert items.protection.sheet and items["A2"].protection.locked and not items["E2"].protection.locked
    [validation] = items.data_validations.dataValidation
    assert "推进中" in validation.formula1 and "D2" in str(validation.sqref)
    assert [c.value for c in lines[1]][:5] == ["指标编号", "指标名称", "单位", "汇总方式", "数值"]
    assert book["说明"]["B1"].value == "昆明市"


def test_round_trip_lands_every_value(report, client_for):
    client = client_for("kunming")
    book = download(client, report)
    items, lines = book["事项进展"], book["指标数值"]
    for row in range(2, items.max_row + 1):
        items.cell(row, 4, "推进中" if row % 2 else "已完成")
        items.cell(row, 5, f"第{row}行进展")
        items.cell(row, 6, "无" if row % 3 else "资金不足")
    codes = {}
    for row in range(2, lines.max_row + 1):
        code = lines.cell(row, 1).value
        codes[code] = row
        if lines.cell(row, 4).value.startswith("比率"):
            lines.cell(row, 6, 45)
            lines.cell(row, 7, 50)
        else:
            lines.cell(row, 5, row)
        lines.cell(row, 8, "州统计局")
    response = upload(client, report, book)
    assert response.status_code == 302, response.content.decode()[-1500:]
    stored = {i.code: i for i in report.items.select_related("task", "key_project")}
    for row in range(2, items.max_row + 1):
        item = stored[items.cell(row, 1).value]
        assert item.narrative == f"第{row}行进展" and item.status == ("in_progress" if row % 2 else "completed")
    i02 = report.indicator_lines.get(indicator__code="I02")
    assert (i02.numerator, i02.denominator, i02.value, i02.source_note) == (45, 50, 90, "州统计局")
    assert report.indicator_lines.get(indicator__code="I11").value == codes["I11"]


def break_sheet(book, how):
    items, lines = book["事项进展"], book["指标数值"]
    if how == "missing sheet":
        del book["指标数值"]
    elif how == "missing column":
        items.delete_cols(6)
    elif how == "extra column":
        items.cell(1, 7, "备注")
    elif how == "unknown code":
        items.cell(2, 1, "9.9.9")
    elif how == "other prefecture's item":
        items.cell(2, 1, "2.1")  # named for provincial units only: not in a prefecture's report
    elif how == "bad status":
        items.cell(2, 4, "差不多了")
    elif how == "not a number":
        lines.cell(2, 6, "九十")
    elif how == "percent over 100":
        row = next(r for r in range(2, lines.max_row + 1) if lines.cell(r, 1).value == "I17")
        lines.cell(row, 3, "%")  # the template says 名, but check the value range by the stored unit
        lines.cell(row, 5, -3)
    elif how == "ratio without denominator":
        lines.cell(2, 6, 40)


EXPECTED = {
    "missing sheet": "工作表“指标数值”",
    "missing column": "缺少列",
    "extra column": "多余的列",
    "unknown code": "第2行“编号”列",
    "other prefecture's item": "第2行“编号”列",
    "bad status": "第2行“状态”列",
    "not a number": "第2行“分子”列",
    "percent over 100": "“数值”列",
    "ratio without denominator": "第2行“分母”列",
}


@pytest.mark.parametrize("how", list(EXPECTED))
def test_bad_workbooks_are_refused_with_the_place_and_change_nothing(report, client_for, how):
    client = client_for("kunming")
    book = download(client, report)
    book["事项进展"].cell(3, 5, "这一行本来是对的")
    break_sheet(book, how)
    before = state(report)
    response = upload(client, report, book)
    html = response.content.decode()
    assert response.status_code == 400
    assert EXPECTED[how] in html, html[html.find("alert-danger"):][:600]
    assert state(report) == before


def zip_bomb() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/worksheets/sheet1.xml", "0" * (30 * 1024 * 1024))
    return buffer.getvalue()


@pytest.mark.parametrize(("name", "raw", "expected"), [
    ("report.xls", b"\xd0\xcf\x11\xe0", ".xlsx"),
    ("report.csv", "编号,状态\n".encode(), ".xlsx"),
    ("report.xlsx", b"this is not a zip", "不是有效的"),
    ("report.xlsx", zip_bomb(), "未予打开"),
    ("report.xlsx", b"PK\x03\x04" + b"0" * (3 * 1024 * 1024), "大于"),
])
def test_bad_files_are_refused_before_parsing(report, client_for, name, raw, expected):
    before = state(report)
    response = upload(client_for("kunming"), report, name=name, raw=raw)
    assert response.status_code == 400 and expected in response.content.decode()
    assert state(report) == before


def test_another_prefecture_cannot_upload_into_a_report(report, client_for):
    book = download(client_for("kunming"), report)
    before = state(report)
    assert upload(client_for("dali"), report, book).status_code == 404
    assert state(report) == before


def test_the_template_downloads_under_its_chinese_name_and_each_sheet_fits_its_own_columns(report, client_for):
    """#20: saved as 2025年第2季度-昆明市-进展报告.xlsx (RFC 6266 filename*), not download.xlsx; the indicator sheet's
    name column is as wide as its names need, not the first sheet's code column."""
    response = client_for("kunming").get(f"/reports/{report.pk}/excel/")
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;") and "filename*=utf-8''" in disposition
    assert "%E8%BF%9B%E5%B1%95%E6%8A%A5%E5%91%8A.xlsx" in disposition  # 进展报告.xlsx
    book = load_workbook(io.BytesIO(response.content))
    lines = book["指标数值"]
    assert lines["B1"].value == "指标名称" and lines.column_dimensions["B"].width >= 40
    assert book["事项进展"].column_dimensions["C"].width >= 40
