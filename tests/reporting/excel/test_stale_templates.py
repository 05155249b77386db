"""A report template carries the version it was made from: an upload made from a template older than a colleague's
save is refused with who saved since, and nothing of either is lost (page and API); a current one is saved."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from core.channels import Channel
from reporting.models import PrefectureReport, ReportItem
from reporting.services import ItemInput, report_save
from tests.factories import UserFactory, report_of
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
    assert ["版本", 1] in [list(row[:2]) for row in book["说明"].iter_rows(values_only=True)]
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
    assert [(change["user"], change["version"]) for change in body["changes"]] == [("kunming2", 2)]
    item.refresh_from_db()
    assert item.narrative == THEIRS


def test_a_template_that_does_not_say_its_version_is_refused(period, users, client_for):
    report = report_of(period, "昆明市")
    client = client_for("kunming")
    book = template(client, report)
    info = book["说明"]
    for row in info.iter_rows():
        if row[0].value == "版本":
            row[1].value = None
    page = html_of(client.post(f"/reports/{report.pk}/", {"action": "upload", "workbook": filled(book, MINE)}),
                   status=400)
    assert "该工作簿未注明所依据的版本；请重新下载模板并在其中填写" in page
    assert PrefectureReport.objects.get(pk=report.pk).version == 1
