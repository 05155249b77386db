"""An extension request in the browser (延期申请): the lead unit asks on a phone with an attachment, the provincial
office approves it on the requests list, and the item's page shows the revised deadline beside the original and a
light judged from the new date."""

from datetime import date

import pytest
import time_machine
from playwright.sync_api import expect

from recompute.services import snapshots_recompute
from revisions.models import PlanRevision
from tasks.models import Task
from tests.factories import pdf_file

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def today():
    """A fixed day (the requested 2027-06-30 stays ahead; the clock runs on from there)."""
    with time_machine.travel("2026-12-02 10:00 +0800"):
        yield


def test_an_extension_request_approved_into_a_revision(users, sign_in, live_server, tmp_path, screenshot):
    snapshots_recompute()  # today's lights: 4.1 is past its deadline (2025-12-31)
    unit = sign_in("fire", viewport={"width": 390, "height": 844})
    unit.goto(f"{live_server.url}/tasks/4.1/")
    assert "已超过完成时限" in unit.inner_text("#light")
    attachment = tmp_path / "延期说明.pdf"
    attachment.write_bytes(pdf_file().read())
    unit.click("#extension-request > summary")
    form = unit.locator("form:has(input[name=action][value=request_extension])")
    form.locator("input[name='extension-requested_deadline']").fill("2027-06-30")
    form.locator("textarea[name='extension-reason']").fill("受汛期影响，营房建设延后")
    form.locator("input[name='extension-evidence']").set_input_files(str(attachment))
    form.locator("button[type=submit]").click()
    expect(unit.locator(".alert-success")).to_be_visible()
    assert "待审批" in unit.inner_text("#extensions") and "延期说明.pdf" in unit.inner_text("#extensions")
    screenshot(unit, "extension-requested-phone")

    office = sign_in("coordinator")
    office.goto(f"{live_server.url}/supervision/extensions/")
    decision = office.locator("form[id^=decide-]")
    decision.locator("input[name=note]").fill("同意延期")
    decision.locator("button[value=approve]").click()
    expect(office.locator(".alert-success")).to_be_visible()

    task = Task.objects.get(code="4.1")
    revision = PlanRevision.objects.get()
    assert task.deadline == date(2027, 6, 30) and revision.old_value == "2025-12-31"
    office.goto(f"{live_server.url}/tasks/4.1/")
    deadline = office.inner_text("#deadline")
    assert "2027-06-30" in deadline and office.locator("#deadline del").inner_text() == "2025-12-31"
    light = office.inner_text("#light")
    # Judged today from the revised deadline: no longer overdue, behind the pace to 2027-06-30.
    assert "已超过完成时限" not in light and "落后序时进度" in light
    assert "已批准" in office.inner_text("#extensions")
    screenshot(office, "extension-approved")
