"""The supervision loop's second part in the browser. A red 督办单: the daily run issues it to 昆明市's contact, who
opens it from the bell, answers with an attachment; the office reads the answer and closes the notice. A problem
named in 昆明市's report: the office has 省应急厅 coordinate it, asks in its thread, 昆明市 answers there on a phone,
the office resolves it."""

import pytest
import time_machine
from playwright.sync_api import expect

from agencies.models import Agency
from comments.models import Comment
from notices.models import SupervisionNotice
from problems.services import problems_collect
from recompute.services import snapshots_recompute
from reminders.services import reminders_send
from supervision.services import assignment_save
from tasks.models import Task
from tests.factories import report_of
from tests.problems.conftest import report_with_problem

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


def test_a_problem_in_kunmings_report_is_assigned_commented_and_resolved(users, period, sign_in, live_server,
                                                                         screenshot):
    report_with_problem(period, users["kunming"], text="市级平台建设资金缺口较大")
    problems_collect()  # what the job sent after the submission does

    office = sign_in("coordinator")
    office.goto(f"{live_server.url}/problems/")
    office.get_by_role("link", name="市级平台建设资金缺口较大").click()
    expect(office.locator("#problem-state")).to_have_text("待协调")
    form = office.locator("#problem-form")
    form.locator("select[name='state']").select_option("coordinating")
    form.locator("select[name='owner']").select_option(label="省应急厅")
    form.locator("button[type=submit]").click()
    expect(office.locator("#problem-state")).to_have_text("协调中")
    expect(office.locator("#problem-owner")).to_have_text("省应急厅")
    office.locator("#comments textarea[name='text']").fill("@kunming 请补充资金测算表")
    office.locator("#comments").get_by_role("button", name="发表").click()
    expect(office.locator("#comments")).to_contain_text("请补充资金测算表")

    kunming = sign_in("kunming", viewport={"width": 390, "height": 844})
    kunming.goto(f"{live_server.url}/problems/")
    kunming.get_by_role("link", name="市级平台建设资金缺口较大").click()
    expect(kunming.locator("#comments")).to_contain_text("请补充资金测算表")
    kunming.locator("#comments textarea[name='text']").fill("测算表已上传至报告附件")
    kunming.locator("#comments").get_by_role("button", name="发表").click()
    expect(kunming.locator("#comments")).to_contain_text("测算表已上传至报告附件")
    screenshot(kunming, "problem-comments-phone")

    office.reload()
    form = office.locator("#problem-form")
    form.locator("select[name='state']").select_option("resolved")
    form.locator("textarea[name='note']").fill("已协调省财政厅安排资金")
    form.locator("button[type=submit]").click()
    expect(office.locator("#problem-state")).to_have_text("已解决")
    screenshot(office, "problem-resolved")


def test_a_comment_on_a_reports_item_lands_on_that_item_though_the_report_is_a_form(users, period, sign_in,
                                                                                   live_server):
    report = report_of(period, "昆明市")
    first, second = list(report.items.all()[:2])
    office = sign_in("coordinator")
    office.goto(f"{live_server.url}/reports/{report.pk}/")
    for item in (first, second):
        office.locator(f"#comments-report_item-{item.pk}").get_by_role("button", name="讨论").click()
        expect(office.locator(f"#comments-report_item-{item.pk} textarea[name='text']")).to_be_visible()
    thread = office.locator(f"#comments-report_item-{second.pk}")
    thread.locator("textarea[name='text']").fill("第二项请补充佐证")
    thread.get_by_role("button", name="发表").click()
    expect(thread).to_contain_text("第二项请补充佐证")
    assert [(c.target_id, c.text) for c in Comment.objects.all()] == [(second.pk, "第二项请补充佐证")]
