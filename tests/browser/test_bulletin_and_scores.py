"""#21 in a real browser: the office drafts a bulletin, edits its text, approves and issues it; a prefecture reads
it on a phone; the scores page reads on a phone (a unit its own row, leadership the ranking). axe-core finds no
serious or critical WCAG 2.1 AA violation on either page."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from evaluation.scoring import DEFAULT_CRITERIA
from evaluation.services import scheme_save
from recompute.services import snapshots_recompute

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = {"width": 390, "height": 844}
TYPED = "本月总体平稳推进。<script>document.title='x'</script>"
NO_SIDEWAYS_SCROLL = "document.documentElement.scrollWidth <= window.innerWidth"


def test_draft_edit_issue_and_a_prefecture_reads_it_on_a_phone(users, sign_in, live_server, screenshot,
                                                                axe_violations):
    snapshots_recompute()
    today = timezone.localdate()  # this month's bulletin, from today's lights
    office = sign_in("coordinator")
    office.goto(f"{live_server.url}/bulletins/")
    office.select_option("#id_kind", "month")
    office.fill("#id_year", str(today.year))
    office.fill("#id_number", str(today.month))
    office.get_by_role("button", name="起草通报").click()
    expect(office.locator("#bulletin-number")).to_have_text("（征求意见稿）")
    office.fill("#id_overview", TYPED)
    office.locator("#paragraphs-save").click()
    expect(office.locator(".alert-success")).to_contain_text("通报正文已保存")
    office.locator("#bulletin-approve").click()
    office.locator("#bulletin-issue").click()
    expect(office.locator("#bulletin-number")).to_have_text(f"云应急规通〔{today.year}〕1号")
    expect(office.locator("#bulletin-state")).to_contain_text("已印发")
    assert office.locator("#paragraphs-form").count() == 0  # issued: nothing to edit
    screenshot(office, "bulletin-issued-office")

    reader = sign_in("kunming", viewport=PHONE)
    reader.goto(f"{live_server.url}/bulletins/")
    reader.get_by_role("link", name=f"{today.year}年{today.month}月应急体系规划实施情况通报").click()
    expect(reader.locator("#bulletin-overview")).to_have_text(TYPED)  # the typed text shown as text, not run
    assert reader.title() != "x" and reader.evaluate(NO_SIDEWAYS_SCROLL)
    expect(reader.locator("#bulletin-prefectures tbody tr")).to_have_count(16)
    screenshot(reader, "bulletin-prefecture-phone")
    assert axe_violations(reader, "kunming-bulletin-phone") == []


def test_the_scores_page_on_a_phone(users, sign_in, live_server, screenshot, axe_violations):
    snapshots_recompute()
    year = timezone.localdate().year
    scheme_save(year=year, criteria=DEFAULT_CRITERIA, actor=users["coordinator"], expected_version=0)
    own = sign_in("kunming", viewport=PHONE)
    own.goto(f"{live_server.url}/evaluation/scores/?year={year}")
    expect(own.locator("#scores-prefectures tbody tr")).to_have_count(1)
    expect(own.locator("#scores-prefectures")).to_contain_text("报送及时率")
    assert own.evaluate(NO_SIDEWAYS_SCROLL)
    screenshot(own, "scores-prefecture-phone")
    leader = sign_in("leader", viewport=PHONE)
    leader.goto(f"{live_server.url}/evaluation/scores/?year={year}")
    expect(leader.locator("#scores-prefectures tbody tr")).to_have_count(16)
    assert leader.evaluate(NO_SIDEWAYS_SCROLL)
    screenshot(leader, "scores-leadership-phone")
    assert axe_violations(leader, "leader-scores-phone") == []
    office = sign_in("coordinator")
    office.goto(f"{live_server.url}/evaluation/scores/?year={year}")
    assert axe_violations(office, "coordinator-scores-desktop") == []
