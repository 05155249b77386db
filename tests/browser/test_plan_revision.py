"""The provincial office revises a deadline in the browser and sees both dates; an allocation shows its
difference from the provincial target while typing."""

from datetime import date

import pytest

from indicators.models import Allocation
from revisions.models import PlanRevision
from tasks.models import Task

pytestmark = pytest.mark.django_db(transaction=True)


def test_office_revises_a_deadline_with_a_reason_and_sees_both_dates(users, sign_in, live_server, screenshot):
    page = sign_in("coordinator", viewport={"width": 390, "height": 844})  # a phone
    page.goto(f"{live_server.url}/tasks/1.1/")
    page.click("#revise > summary")
    form = page.locator("form:has(input[name=action][value=revise_deadline])")
    form.locator("input[name='revise_deadline-deadline']").fill("2026-12-31")
    form.locator("input[name='revise_deadline-reference']").fill("云政办发〔2026〕5号 2026-01-28")
    form.locator("button[type=submit]").click()
    page.wait_for_selector("text=请填写调整理由")  # refused, the form stays open with what was typed
    assert Task.objects.get(code="1.1").deadline == date(2025, 12, 31) and not PlanRevision.objects.exists()
    form = page.locator("form:has(input[name=action][value=revise_deadline])")
    assert form.locator("input[name='revise_deadline-reference']").input_value() == "云政办发〔2026〕5号 2026-01-28"
    form.locator("textarea[name='revise_deadline-reason']").fill("省政府决定延期一年")
    form.locator("button[type=submit]").click()
    page.wait_for_selector(".alert-success")
    deadline = page.inner_text("#deadline")
    assert "2025-12-31" in deadline and "2026-12-31" in deadline and "省政府决定延期一年" in deadline
    assert page.locator("#deadline del").inner_text() == "2025-12-31"  # the original, struck through
    screenshot(page, "deadline-revised-phone")
    page.goto(f"{live_server.url}/plan-changes/")
    assert "省政府决定延期一年" in page.inner_text("table.revisions")


def test_allocation_shows_the_difference_while_typing(users, sign_in, live_server, screenshot):
    page = sign_in("coordinator")
    page.goto(f"{live_server.url}/indicators/I11/allocation/")
    shares = page.locator("#allocation-form input.share")
    assert shares.count() == 16
    shares.nth(0).fill("900")
    assert page.inner_text("#allocation-difference") == "79 低于全省目标"
    shares.nth(1).fill("100")
    assert page.inner_text("#allocation-difference") == "21 超出全省目标"
    screenshot(page, "allocation-difference")
    shares.nth(1).fill("79")
    assert page.inner_text("#allocation-difference") == "与全省目标一致"
    page.click("#allocation-form button[type=submit]")
    page.wait_for_selector(".alert-success")
    assert Allocation.objects.get(indicator__code="I11").shares.count() == 2
