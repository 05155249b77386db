"""#20: each role's home is its work queue (tests/dashboard/views/test_home_queue.py has every role: 催报 in one
click, a department's red items one click away, leadership on the dashboard); the task list
reads on a phone (each row a card of labelled lines: nothing scrolls sideways, no column is narrower than 8
characters, the filters start closed) and gives the title its room on a desktop."""

import pytest
import time_machine
from playwright.sync_api import expect

from recompute.services import snapshots_recompute
from tests.factories import report_of, report_submitted

pytestmark = pytest.mark.django_db(transaction=True)

CELL_WIDTHS = """() => Array.from(document.querySelectorAll('table.table-stack tbody tr')).slice(0, 5)
  .flatMap(row => Array.from(row.querySelectorAll('td')).map(td => td.getBoundingClientRect().width))"""


def test_the_task_list_on_a_phone_and_a_desktop(users, sign_in, live_server, screenshot):
    phone = sign_in("coordinator", viewport={"width": 390, "height": 844})
    phone.goto(f"{live_server.url}/tasks/")
    expect(phone.locator("details.list-filters")).not_to_have_attribute("open", "")
    assert phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    character = phone.evaluate("parseFloat(getComputedStyle(document.body).fontSize)")
    assert min(phone.evaluate(CELL_WIDTHS)) >= 8 * character
    screenshot(phone, "task-list-phone")
    desktop = sign_in("coordinator")
    desktop.goto(f"{live_server.url}/tasks/")
    expect(desktop.locator("details.list-filters")).to_have_attribute("open", "")
    title = desktop.locator("table.table-stack tbody tr td.col-title").first.bounding_box()
    assert title["width"] >= 16 * character
    screenshot(desktop, "task-list-desktop")


def test_each_roles_home_shows_its_queue(users, period, sign_in, live_server, screenshot):
    with time_machine.travel("2025-07-05 10:00 +0800"):
        report_submitted(report_of(period, "大理白族自治州"), actor=users["dali"])
        reporter = sign_in("kunming", viewport={"width": 390, "height": 844})
        expect(reporter.locator("#work-queue")).to_contain_text("2025年第2季度报告将于5天后截止")
        reporter.locator("#work-queue a").first.click()
        expect(reporter.locator("h1")).to_contain_text("昆明市")
        screenshot(reporter, "home-queue-reporter-phone")
        office = sign_in("coordinator")
        expect(office.locator("#work-queue")).to_contain_text("1份州市报告待审核")
        expect(office.locator("#work-queue")).to_contain_text("15个州市尚未报送")
        screenshot(office, "home-queue-office")
        office.get_by_role("button", name="一键催报").click()  # 催报 in one click: back home, with who was urged
        expect(office.locator(".alert-success")).to_contain_text("1个州市已被催报（昆明市）")  # the one with a reporter
        assert office.url == f"{live_server.url}/"


def test_an_editors_home_leads_to_its_red_items_and_leadership_lands_on_the_dashboard(users, sign_in, live_server,
                                                                                    screenshot):
    snapshots_recompute()
    editor = sign_in("fire")
    editor.locator("#work-queue a", has_text="本单位牵头的任务中").click()
    expect(editor.locator("#id_light")).to_have_value("red")
    lights = editor.locator("table.table-stack tbody td:first-child .light").evaluate_all(
        "els => els.map(e => e.className)")
    assert lights and all("light-red" in css for css in lights)
    screenshot(editor, "home-queue-editor-red-items")
    leader = sign_in("leader")
    assert leader.url == f"{live_server.url}/dashboard/"
    screenshot(leader, "home-leadership-dashboard")
