"""A department editor keeps a task current in the browser; a stale edit is caught and explained."""

import pytest

from tasks.models import Task

pytestmark = pytest.mark.django_db(transaction=True)
PDF = {"name": "验收报告.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4\n%%EOF\n"}


def fill_status(page, *, status, percent, narrative):
    form = page.locator("form:has(input[name=action][value=status])")
    form.locator("select[name=status]").select_option(status)
    form.locator("input[name=percent]").fill(str(percent))
    form.locator("textarea[name=narrative]").fill(narrative)
    return form


def test_editor_updates_a_task_with_evidence_and_sees_it(users, sign_in, live_server, screenshot):
    page = sign_in("fire")  # 省消防救援总队 leads task 4.1
    page.goto(f"{live_server.url}/tasks/4.1/")
    form = fill_status(page, status="in_progress", percent=60, narrative="已建成乡镇专职消防队32支")
    form.locator("textarea[name=problems]").fill("部分州市经费不足")
    form.locator("input[name=evidence]").set_input_files(PDF)
    form.locator("button[type=submit]").click()
    page.wait_for_selector(".alert-success")
    assert "推进中" in page.inner_text("#current-status") and "60%" in page.inner_text("#current-status")
    timeline = page.inner_text("#timeline")
    assert "已建成乡镇专职消防队32支" in timeline and "部分州市经费不足" in timeline and "验收报告.pdf" in timeline
    with page.expect_download() as download:
        page.click("#timeline >> text=验收报告.pdf")
    assert download.value.suggested_filename == "验收报告.pdf"
    screenshot(page, "task-updated-by-editor")
    task = Task.objects.get(code="4.1")
    assert (task.status, task.percent, task.version) == ("in_progress", 60, 2)

    auditor = sign_in("auditor")  # the change history is shown to auditors and the office
    auditor.goto(f"{live_server.url}/tasks/4.1/")
    history = auditor.inner_text("#history")
    assert "fire" in history and "推进中" in history and "60" in history


def test_second_editor_on_a_stale_page_sees_what_changed(users, sign_in, live_server, screenshot):
    editor = sign_in("fire")
    office = sign_in("coordinator")
    editor.goto(f"{live_server.url}/tasks/4.1/")
    office.goto(f"{live_server.url}/tasks/4.1/")
    fill_status(office, status="delayed", percent=20, narrative="省厅核实:进度滞后").locator(
        "button[type=submit]").click()
    office.wait_for_selector(".alert-success")

    fill_status(editor, status="in_progress", percent=70, narrative="总队认为已推进70%").locator(
        "button[type=submit]").click()
    warning = editor.wait_for_selector("#stale-warning")
    text = warning.inner_text()
    assert "coordinator" in text and "滞后" in text
    # What the editor typed is still there to be checked and saved again deliberately.
    assert editor.locator("textarea[name=narrative]").first.input_value() == "总队认为已推进70%"
    screenshot(editor, "stale-edit-refused")
    task = Task.objects.get(code="4.1")
    assert (task.status, task.percent, task.version) == ("delayed", 20, 2)


def test_task_page_fits_a_phone(users, sign_in, live_server, screenshot):
    page = sign_in("kunming", viewport={"width": 390, "height": 844})
    page.goto(f"{live_server.url}/tasks/4.1/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(page, "task-page-phone")
