"""A report template carries a signed stamp of what it was made from (the report, its version, the time): an upload
made from a template older than a colleague's save is refused with who changed what since, and nothing of either
is lost (page and API); the uploader's own saves do not count; an edited or borrowed stamp is refused."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from core.channels import Channel
from reporting.models import PrefectureReport, ReportItem
from reporting.services import ItemInput, report_save
from tests.factories import UserFactory, period_opened, report_of
from tests.responses import html_of, json_of

MINE, THEIRS = "我在模板中填写的进展", "同事在页面上保存的进展"


def template(client, report):
    response = client.get(f"/reports/{report.pk}/excel/")
    assert response.status_code == 200
    return load_workbook(io.BytesIO(response.content))


def filled(book, narrative) -> SimpleUploadedFile:
    items = book["事项进展"]
    items["E2"] = narrative
    buffer = io.BytesIO()
    book.save(buffer)
    return SimpleUploadedFile("报告.xlsx", buffer.getvalue())


def colleague_saves(report, item):
    colleague = UserFactory(username="kunming2", agency_name="昆明市", roles=["prefecture_reporter"])
    report_save(channel=Channel.PAGE, report=report, actor=colleague, expected_version=report.version,
                items={item.pk: ItemInput(narrative=THEIRS)}, lines={})


def test_a_template_older_than_a_colleagues_save_is_refused_on_the_page(period, users, client_for):
    report = report_of(period, "昆明市")
    client = client_for("kunming")
    book = template(client, report)
    stamp = {row[0]: row[1] for row in book["说明"].iter_rows(values_only=True)}["模板标识"]
    assert isinstance(stamp, str) and ":" in stamp  # a signed token, not a number anyone could type
    item = ReportItem.objects.get(report=report, position=1)
    colleague_saves(report, item)

    page = html_of(client.post(f"/reports/{report.pk}/", {"action": "upload", "workbook": filled(book, MINE)}),
                   status=409)
    assert "未保存：在您所依据的版本（第1版）之后，该报告已被再次保存，保存人：" in page and "kunming2" in page
    item.refresh_from_db()
    assert item.narrative == THEIRS and PrefectureReport.objects.get(pk=report.pk).version == 2

    fresh = template(client, report)  # made from version 2: saved
    assert client.post(f"/reports/{report.pk}/", {"action": "upload",
                                                   "workbook": filled(fresh, MINE)}).status_code == 302
    item.refresh_from_db()
    assert item.narrative == MINE and PrefectureReport.objects.get(pk=report.pk).version == 3


def test_a_stale_template_over_the_api_is_a_409_naming_who_saved(period, users, client_for):
    report = report_of(period, "昆明市")
    client = client_for("kunming")
    book = template(client, report)
    item = ReportItem.objects.get(report=report, position=1)
    colleague_saves(report, item)
    body = json_of(client.post(f"/api/v1/reports/{report.pk}/excel/", {"workbook": filled(book, MINE)}),
                   status=409)
    assert body["code"] == "stale_version" and body["current_version"] == 2
    assert {change["user"] for change in body["changes"]} == {"kunming2"}
    assert {"field": f"{item.code} 进展情况", "old": "", "new": THEIRS} in [
        change for entry in body["changes"] for change in entry["changes"]]
    item.refresh_from_db()
    assert item.narrative == THEIRS


def test_an_edited_or_borrowed_stamp_is_refused(period, users, client_for):
    report = report_of(period, "昆明市")
    client = client_for("kunming")
    book = template(client, report)
    for row in book["说明"].iter_rows():
        if row[0].value == "模板标识":
            row[1].value = row[1].value[:-3] + "abc"
    page = html_of(client.post(f"/reports/{report.pk}/", {"action": "upload", "workbook": filled(book, MINE)}),
                   status=400)
    assert "该工作簿不是本平台生成的模板，或其标识已被修改" in page
    later = period_opened(actor=users["coordinator"], number=3, at="2025-10-01 09:00 +0800")
    borrowed = template(client, report)  # the 2025 Q2 template, uploaded to the Q3 report
    page = html_of(client.post(f"/reports/{report_of(later, '昆明市').pk}/",
                               {"action": "upload", "workbook": filled(borrowed, MINE)}), status=400)
    assert "该模板属于另一份报告或指标" in page
    assert PrefectureReport.objects.get(pk=report.pk).version == 1


def test_the_uploaders_own_saves_since_the_template_do_not_count(period, users, client_for):
    report = report_of(period, "昆明市")
    client = client_for("kunming")
    book = template(client, report)
    first = client.post(f"/reports/{report.pk}/", {"action": "upload", "workbook": filled(book, MINE)})
    assert first.status_code == 302
    again = client.post(f"/reports/{report.pk}/", {"action": "upload", "workbook": filled(book, MINE + "（改）")})
    assert again.status_code == 302  # the same file, a typo fixed: only the uploader changed the report since
    assert ReportItem.objects.get(report=report, position=1).narrative == MINE + "（改）"
