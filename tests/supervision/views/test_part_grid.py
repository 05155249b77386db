"""The units' grid on an item's page: the office breaks out a unit's part (what, deadline, milestones); the unit
updates its own part and asks for its completion; the office verifies or sends it back; each prefecture sees only
its own row; bad input changes nothing; the page's queries do not grow with the parts."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from agencies.models import Agency
from recompute.services import snapshots_recompute
from reporting.models import ProgressEntry, UnitPart
from reporting.selectors import unit_part
from tasks.models import Task
from tests.factories import pdf_file
from tests.responses import html_of


def kunming():
    return Agency.objects.get(name="昆明市")


def row(page: str, agency) -> str:
    match = re.search(rf'<tr id="assignment-{agency.pk}"[^>]*>(.*?)</tr>', page, re.S)
    return match.group(1) if match else ""


def assign_part(client, **values):
    form = {"action": "assign", "assign-agency": kunming().pk, "assign-contact": "", "assign-instructions": "",
            "assign-internal_deadline": "", "assign-version": "", "assign-part_title": "建成市级指挥平台",
            "assign-part_deadline": "2027-06-30", "assign-milestones": "2026 60\n2027年 100%"}
    return client.post("/tasks/4.1/", form | {f"assign-{key}": value for key, value in values.items()})


def part_update(client, *, status="in_progress", percent="40", version="1", **extra):
    return client.post("/tasks/4.1/", {"action": "part_update", "part-status": status, "part-percent": percent,
                                       "part-narrative": "平台建设推进中", "part-version": version, **extra})


def test_the_office_breaks_out_a_part_and_the_unit_updates_it(users, client_for):
    office, reporter = client_for("coordinator"), client_for("kunming")
    snapshots_recompute()  # today's snapshot exists, so each save re-judges the item at once
    assert assign_part(office, contact=users["kunming"].pk).status_code == 302
    shown = row(html_of(reporter.get("/tasks/4.1/")), kunming())
    assert "建成市级指挥平台" in shown and "2027-06-30" in shown and "2026年底前完成60%" in shown
    assert "尚未报送" not in shown  # assigned: its part is tracked from now
    assert part_update(reporter, percent="70").status_code == 302  # the terms set are not its status
    shown = row(html_of(office.get("/tasks/4.1/")), kunming())
    assert "70%" in shown and "平台建设推进中" in shown and "按年度目标推进" in shown
    assert "light-green" in shown


@pytest.mark.parametrize("values", [{"milestones": "2026"}, {"milestones": "2026 60\n2026 70"},
                                    {"milestones": "2026 90\n2027 60"}, {"part_deadline": "2020-01-01"},
                                    {"part_deadline": "2027-02-30"}, {"part_title": "x" * 201}])
def test_bad_terms_of_a_part_are_said_on_the_form_and_nothing_is_saved(client_for, values):
    page = html_of(assign_part(client_for("coordinator"), **values), status=400)
    assert 'id="assign"' in page and "text-danger" in page
    assert not UnitPart.objects.exists()


@pytest.mark.parametrize("values", [{"percent": "abc"}, {"percent": "101"}, {"status": "pending_verification"},
                                    {"status": "completed", "percent": "90"}, {"version": "²"},
                                    {"part-narrative": " "}])
def test_bad_part_updates_are_refused_on_the_form_and_nothing_is_saved(client_for, values):
    page = html_of(part_update(client_for("kunming"), **values), status=400)
    assert 'id="part-update"' in page and "open" in page[page.index('id="part-update"') - 80:][:200]
    assert not UnitPart.objects.exists() and not ProgressEntry.objects.exists()


@pytest.mark.parametrize("name", ["fire", "coordinator", "leader", "auditor"])
def test_only_the_units_own_users_update_its_part(client_for, name):
    assert 'id="part-update"' not in html_of(client_for(name).get("/tasks/4.1/"))
    assert part_update(client_for(name)).status_code == 403
    assert not UnitPart.objects.exists()


def test_a_completed_part_is_sent_back_resubmitted_and_verified_on_the_page(users, client_for):
    office, reporter = client_for("coordinator"), client_for("kunming")
    assert part_update(reporter, status="completed", percent="100",
                       **{"part-evidence": pdf_file("验收.pdf")}).status_code == 302
    page = html_of(reporter.get("/tasks/4.1/"))
    assert "待销号审核" in row(page, kunming()) and 'name="part-status"' not in page  # no form while it waits
    part = unit_part(Task.objects.get(code="4.1"), kunming())
    decision = {"action": "part_completion", "part": part.pk, "version": part.version}
    assert reporter.post("/tasks/4.1/", decision | {"decision": "verify"}).status_code == 403
    refused = html_of(office.post("/tasks/4.1/", decision | {"decision": "return", "note": ""}), status=400)
    assert "请说明退回理由" in refused
    assert office.post("/tasks/4.1/", decision | {"decision": "return", "note": "缺验收报告"}).status_code == 302
    assert part_update(reporter, status="completed", percent="100", version=str(part.version + 1)).status_code == 302
    part.refresh_from_db()
    verified = office.post("/tasks/4.1/", {"action": "part_completion", "part": part.pk, "version": part.version,
                                           "decision": "verify"})
    assert verified.status_code == 302
    assert "已完成" in row(html_of(reporter.get("/tasks/4.1/")), kunming())


def test_a_prefecture_sees_only_its_own_part_and_cannot_decide_anothers(users, client_for):
    part_update(client_for("dali"), percent="30")
    dali = Agency.objects.get(name="大理白族自治州")
    page = html_of(client_for("kunming").get("/tasks/4.1/"))
    assert row(page, kunming()) and not row(page, dali)
    part = unit_part(Task.objects.get(code="4.1"), dali)
    assert client_for("kunming").post("/tasks/4.1/", {"action": "part_completion", "part": part.pk,
                                                      "version": part.version, "decision": "reopen",
                                                      "note": "x"}).status_code == 403


def test_the_page_queries_do_not_grow_with_the_parts(users, client_for):
    def queries(name) -> int:
        client = client_for(name)
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/tasks/4.1/").status_code == 200
        return len(captured)

    part_update(client_for("kunming"), percent="30")
    snapshots_recompute()
    one = {name: queries(name) for name in ("coordinator", "kunming")}
    assign_part(client_for("coordinator"))
    part_update(client_for("dali"), percent="30")
    snapshots_recompute()
    assert {name: queries(name) for name in ("coordinator", "kunming")} == one
    assert max(one.values()) <= 33  # the parts, their milestones, decisions and lights; the decisions in the record


@pytest.mark.parametrize("milestones", ["2026 ²", "2026 ①", "２０２６ 60"])
def test_unicode_digits_in_milestones_are_refused_on_the_form(client_for, milestones):
    page = html_of(assign_part(client_for("coordinator"), milestones=milestones), status=400)
    assert "第1行" in page and not UnitPart.objects.exists()


def test_the_lists_show_each_items_units_parts_by_light_scoped_and_in_fixed_queries(users, client_for):
    snapshots_recompute()
    part_update(client_for("kunming"), percent="30")
    part_update(client_for("dali"), percent="30")
    snapshots_recompute()  # both parts of 4.1 overdue since 2025-12-31: red

    def tasks_page(name):
        client = client_for(name)
        with CaptureQueriesContext(connection) as captured:
            page = html_of(client.get("/tasks/", {"q": "建强应急救援主力军国家队"}))
        return page, len(captured)

    office, office_queries = tasks_page("coordinator")
    breakdown = re.search(r'<div class="small text-muted parts-breakdown"[^>]*>(.*?)</div>', office, re.S)
    assert breakdown and "单位分项" in breakdown.group(1) and "2个红灯" in breakdown.group(1)
    own, _queries = tasks_page("kunming")  # its own part only, not 大理州's
    breakdown = re.search(r'<div class="small text-muted parts-breakdown"[^>]*>(.*?)</div>', own, re.S)
    assert breakdown and "1个红灯" in breakdown.group(1)
    assert office_queries <= 21


def test_the_items_light_names_lagging_prefectures_only_to_those_who_see_every_unit(users, client_for):
    part_update(client_for("dali"), percent="10")  # overdue with the item (2025-12-31): red
    snapshots_recompute()
    for name in ("coordinator", "leader", "fire"):
        assert "大理白族自治州滞后" in html_of(client_for(name).get("/tasks/4.1/"))
    for url in ("/tasks/4.1/", "/tasks/?q=建强应急救援主力军国家队", "/api/v1/tasks/4.1/"):
        shown = client_for("kunming").get(url).content.decode()
        assert "大理白族自治州滞后" not in shown and "1个州市滞后" in shown, url


def test_a_form_opened_for_one_unit_does_not_assign_another_with_its_versions(client_for):
    dali = Agency.objects.get(name="大理白族自治州")
    page = html_of(assign_part(client_for("coordinator"), agency=dali.pk, opened_for=kunming().pk), status=400)
    assert "该表单是为其他单位打开的" in page and not UnitPart.objects.exists()
