"""A reporter downloads the Excel template, a colleague of the same prefecture then saves in the browser, and the
reporter uploads the now stale template: refused with who saved since, and the colleague's values still there."""

import pytest
import time_machine
from openpyxl import load_workbook

from reporting.models import PrefectureReport, ReportItem
from reporting.services import period_open
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)
MINE, THEIRS = "我在模板中填写的进展", "同事在页面上保存的进展"


def test_a_stale_template_is_refused_and_the_colleagues_save_stands(users, sign_in, live_server, screenshot,
                                                                     tmp_path):
    with time_machine.travel("2025-07-01 09:00 +0800"):
        period = period_open(year=2025, number=2, actor=users["coordinator"])
    report = PrefectureReport.objects.get(period=period, prefecture__name="昆明市")
    UserFactory(username="kunming2", agency_name="昆明市", roles=["prefecture_reporter"])
    url = f"{live_server.url}/reports/{report.pk}/"

    mine = sign_in("kunming")
    mine.goto(url)
    with mine.expect_download() as download:
        mine.click(f"a[href='/reports/{report.pk}/excel/']")
    template = tmp_path / "报告.xlsx"
    download.value.save_as(template)

    colleague = sign_in("kunming2")
    colleague.goto(url)
    colleague.locator("textarea[name$='-narrative']").first.fill(THEIRS)
    colleague.click("button[value=save]")
    colleague.wait_for_selector(".alert-success")

    book = load_workbook(template)
    book["事项进展"]["E2"] = MINE
    book.save(template)
    mine.click("summary")  # 用Excel离线填写
    mine.set_input_files("input[name=workbook]", str(template))
    mine.click("form[enctype] button[type=submit] >> text=上传")
    refusal = mine.wait_for_selector(".alert-danger")
    text = refusal.inner_text()
    screenshot(mine, "stale-template-refused")
    assert text.startswith("未保存：在您所依据的版本（第1版）之后，该报告已被再次保存，保存人：") and "kunming2" in text
    first = ReportItem.objects.get(report=report, position=1)
    assert first.narrative == THEIRS and PrefectureReport.objects.get(pk=report.pk).version == 2
