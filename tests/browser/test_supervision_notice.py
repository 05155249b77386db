"""A red 督办单 in the browser: the daily run issues it to 昆明市's contact, who opens it from the bell, answers with
an attachment; the office reads the answer and closes the notice; the list shows it closed."""

import pytest
import time_machine
from playwright.sync_api import expect

from agencies.models import Agency
from notices.models import SupervisionNotice
from recompute.services import snapshots_recompute
from reminders.services import reminders_send
from supervision.services import assignment_save
from tasks.models import Task

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def today():
    with time_machine.travel("2026-12-02 10:00 +0800"):
        yield


def test_a_red_notice_is_answered_with_a_file_and_closed(users, sign_in, live_server, tmp_path, screenshot):
    # 昆明市's part of 4.1 (the plan's deadline, 2025-12-31, passed): red.
    assignment_save(item=Task.objects.get(code="4.1"), agency=Agency.objects.get(name="昆明市"),
                    contact=users["kunming"], actor=users["coordinator"])
    snapshots_recompute()
    reminders_send()
    notice = SupervisionNotice.objects.get(agency__name="昆明市", colour="red")

    kunming = sign_in("kunming", viewport={"width": 390, "height": 844})
    kunming.goto(f"{live_server.url}/notifications/")
    kunming.get_by_role("button", name=notice.number, exact=False).first.click()
    expect(kunming.locator("#notice-number")).to_contain_text(notice.number)
    expect(kunming.locator(".notice-lines")).to_contain_text("4.1")
    plan = tmp_path / "整改方案.pdf"
    plan.write_bytes(b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
    form = kunming.locator("#answer-form")
    form.locator("textarea[name='text']").fill("本月底前完成市级平台联调")
    form.locator("input[name='promised_by']").fill("2026-12-31")
    form.locator("input[name='evidence']").set_input_files(str(plan))
    screenshot(kunming, "notice-answer-phone")
    form.locator("button[type=submit]").click()
    expect(kunming.locator("#notice-state-value")).to_have_text("已反馈")
    expect(kunming.locator(".notice-steps")).to_contain_text("整改方案.pdf")

    office = sign_in("coordinator")
    office.goto(f"{live_server.url}/notices/")
    office.get_by_role("link", name=notice.number).click()
    expect(office.locator(".notice-steps")).to_contain_text("本月底前完成市级平台联调")
    office.locator("#decision-form textarea[name='text']").fill("措施可行,按期办结")
    office.get_by_role("button", name="办结督办单").click()
    expect(office.locator("#notice-state-value")).to_have_text("已办结")
    screenshot(office, "notice-closed")
    office.goto(f"{live_server.url}/notices/?state=closed")
    expect(office.locator("table.notices")).to_contain_text(notice.number)
