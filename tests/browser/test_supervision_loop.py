"""One item through the supervision loop in the browser: the office assigns 昆明市's part of task 1.3 with a contact
and a yearly milestone → 昆明市 acknowledges, updates its part, asks for its completion with evidence → the office
sends it back → 昆明市 asks again → the office verifies. The units' grid and the item's light change at each step."""

import pytest
import time_machine
from playwright.sync_api import expect

from recompute.services import snapshots_recompute
from reporting.services import item_update_status
from tasks.models import Task
from tests.factories import pdf_file

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def today():
    """2 December 2026: the part's 2026 milestone falls due in 29 days; the clock runs on from there."""
    with time_machine.travel("2026-12-02 10:00 +0800"):
        yield


def kunming_row(page):
    return page.locator("#assignments tr", has_text="昆明市").first


def test_the_loop_on_one_units_part(users, sign_in, live_server, tmp_path, screenshot):
    task = Task.objects.get(code="1.3")  # 持续推进, led by 省应急厅; 各州、市人民政府 behind it
    item_update_status(item=task, status="in_progress", percent=50, narrative="按季度推进",
                       actor=users["coordinator"], expected_version=task.version)
    snapshots_recompute()
    url = f"{live_server.url}/tasks/1.3/"

    office = sign_in("coordinator")
    office.goto(url)
    expect(office.locator("#light")).to_contain_text("持续推进")
    kunming_row(office).get_by_role("link", name="交办").click()
    form = office.locator("#assign form")
    form.locator("select[name='assign-contact']").select_option(str(users["kunming"].pk))
    form.locator("textarea[name='assign-instructions']").fill("年底前建成市级平台")
    form.locator("input[name='assign-part_title']").fill("建成昆明市级应急指挥平台")
    form.locator("input[name='assign-part_deadline']").fill("2027-06-30")
    form.locator("textarea[name='assign-milestones']").fill("2026 60\n2027 100")
    form.locator("button[type=submit]").click()
    expect(office.locator(".alert-success")).to_be_visible()
    expect(kunming_row(office)).to_contain_text("2026年底前完成60%")
    expect(kunming_row(office)).to_contain_text("未启动")
    # The part is 0% with its 2026 milestone 29 days away: yellow, and the item names it.
    expect(kunming_row(office).locator(".light-yellow")).to_have_count(1)
    expect(office.locator("#light")).to_contain_text("昆明市滞后")

    unit = sign_in("kunming", viewport={"width": 390, "height": 844})
    unit.goto(url)
    kunming_row(unit).get_by_role("button", name="签收").click()
    expect(unit.locator(".alert-success")).to_be_visible()
    expect(kunming_row(unit)).to_contain_text("kunming已于")
    unit.click("#part-update > summary")
    update = unit.locator("#part-update form")
    update.locator("select[name='part-status']").select_option("in_progress")
    update.locator("input[name='part-percent']").fill("70")
    update.locator("textarea[name='part-narrative']").fill("平台主体建成,正在联调")
    update.locator("button[type=submit]").click()
    expect(unit.locator(".alert-success")).to_be_visible()
    expect(kunming_row(unit)).to_contain_text("70%")
    expect(kunming_row(unit).locator(".light-green")).to_have_count(1)
    expect(unit.locator("#light")).not_to_contain_text("昆明市滞后")

    evidence = tmp_path / "验收报告.pdf"
    evidence.write_bytes(pdf_file().read())
    unit.click("#part-update > summary")
    update.locator("select[name='part-status']").select_option("completed")
    update.locator("input[name='part-percent']").fill("100")
    update.locator("textarea[name='part-narrative']").fill("平台建成并通过验收")
    update.locator("input[name='part-evidence']").set_input_files(str(evidence))
    update.locator("button[type=submit]").click()
    expect(unit.locator(".alert-success")).to_contain_text("审核销号")
    expect(kunming_row(unit)).to_contain_text("待销号审核")
    expect(kunming_row(unit)).to_contain_text("办结申请待销号审核")
    screenshot(unit, "part-completion-requested-phone")

    office.goto(url)
    decision = kunming_row(office).locator("form.part-decision")
    decision.locator("input[name=note]").fill("缺少验收报告盖章页")
    decision.locator("button[value=return]").click()
    expect(office.locator(".alert-success")).to_be_visible()
    expect(kunming_row(office)).to_contain_text("推进中")
    expect(kunming_row(office)).to_contain_text("99%")

    unit.goto(url)
    unit.click("#part-update > summary")
    update = unit.locator("#part-update form")
    update.locator("select[name='part-status']").select_option("completed")
    update.locator("input[name='part-percent']").fill("100")
    update.locator("textarea[name='part-narrative']").fill("补充盖章页")
    update.locator("input[name='part-evidence']").set_input_files(str(evidence))
    update.locator("button[type=submit]").click()
    expect(kunming_row(unit)).to_contain_text("待销号审核")

    office.goto(url)
    kunming_row(office).locator("form.part-decision button[value=verify]").click()
    expect(office.locator(".alert-success")).to_be_visible()
    expect(kunming_row(office)).to_contain_text("已完成")
    expect(kunming_row(office).locator(".light-green")).to_have_count(1)
    expect(office.locator("#light")).not_to_contain_text("昆明市滞后")
    screenshot(office, "part-verified")
