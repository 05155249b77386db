"""#20: the annual export starts in the Chinese interface: the as-of date is an ISO value the browser accepts (it
was written 2026/12/02, which the browser refused, blocking both buttons silently), and 导出 downloads a workbook
that opens with its sheets."""

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from tests.workbook import SHEETS

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_export_starts_in_chinese_and_downloads_the_workbook(users, sign_in, live_server, screenshot):
    errors = []
    page = sign_in("coordinator")
    page.on("console", lambda m: errors.append(m.text) if m.type in ("error", "warning") else None)
    page.goto(f"{live_server.url}/exports/")
    expect(page.locator("html")).to_have_attribute("lang", "zh-hans")
    as_of = page.locator("#id_as_of")
    assert as_of.input_value() != "" and page.evaluate("document.getElementById('export-form').checkValidity()")
    screenshot(page, "export-chinese")
    with page.expect_download() as download:
        page.get_by_role("button", name="导出", exact=True).click()
    with open(download.value.path(), "rb") as saved:  # a download is kept under a name without .xlsx
        book = load_workbook(saved)
    assert book.sheetnames == SHEETS and download.value.suggested_filename.endswith(".xlsx")
    assert not [e for e in errors if "yyyy-MM-dd" in e]
