"""The problem list for every role, in lists and by id (pages and API): whoever sees every item reads every
problem; a prefecture its own, those it helps with and the provincial ones on its items, never another
prefecture's; the administrators none. The office raises and moves problems on the pages; the dashboard counts open
problems and the oldest; the annual workbook has a 问题清单 sheet. Typed text is escaped, and stays text in Excel."""

import io
from datetime import date

import pytest
from openpyxl import load_workbook

from agencies.models import Agency
from problems.models import Problem
from problems.services import problem_update
from tasks.models import Task
from tests.responses import html_of, json_of
from workbook.writer import ExportFilters, export_workbook

EVERY = {"昆明市", "大理白族自治州", "省消防救援总队"}
SCOPE = {
    "coordinator": EVERY, "water": EVERY, "fire": EVERY, "leader": EVERY, "auditor": EVERY,
    "kunming": {"昆明市", "省消防救援总队"},  # 4.1 is an item 昆明市 answers for (各州、市人民政府)
    "dali": {"大理白族自治州", "省消防救援总队"},
    "sysadmin": set(), "secadmin": set(), "auditadmin": set(),
}


@pytest.mark.parametrize(("who", "sees"), SCOPE.items())
def test_each_role_reads_the_problems_of_its_scope(problems, client_for, who, sees):
    client = client_for(who)
    page = html_of(client.get("/problems/?state="))
    listed = {row["agency"] for row in json_of(client.get("/api/v1/problems/?state="))["results"]}
    assert listed == sees
    for unit, problem in problems.items():
        assert (problem.text in page) == (unit in sees), unit
        assert client.get(f"/problems/{problem.pk}/").status_code == (200 if unit in sees else 404)
        assert client.get(f"/api/v1/problems/{problem.pk}/").status_code == (200 if unit in sees else 404)


def test_a_prefecture_asked_to_help_reads_that_problem(problems, users, client_for):
    dali_problem = problems["大理白族自治州"]
    problem_update(problem=dali_problem, actor=users["coordinator"], expected_version=dali_problem.version,
                   state="coordinating", helpers=[Agency.objects.get(name="昆明市")])
    assert client_for("kunming").get(f"/problems/{dali_problem.pk}/").status_code == 200


def test_the_office_raises_and_moves_a_problem_on_the_pages(problems, users, client_for):
    office = client_for("coordinator")
    task = Task.objects.get(code="4.1")
    assert office.post("/problems/", {"item": "task:999999", "agency": users["kunming"].agency_id,
                                      "text": "x"}).status_code == 400
    assert client_for("kunming").post("/problems/", {"item": f"task:{task.pk}", "agency": users["kunming"].agency_id,
                                                     "text": "x"}).status_code == 403
    raised = office.post("/problems/", {"item": f"task:{task.pk}", "agency": users["kunming"].agency_id,
                                        "text": "<script>alert(1)</script>=SUM(A1)"})
    assert raised.status_code == 302
    problem = Problem.objects.get(text__startswith="<script>")
    page = html_of(office.get(f"/problems/{problem.pk}/"))
    assert "&lt;script&gt;" in page and 'id="problem-form"' in page
    assert 'id="problem-form"' not in html_of(client_for("kunming").get(f"/problems/{problem.pk}/"))
    kunming = client_for("kunming")
    assert kunming.post(f"/problems/{problem.pk}/", {"state": "resolved", "version": 1}).status_code == 403
    refused = office.post(f"/problems/{problem.pk}/", {"state": "declined", "note": "", "version": problem.version})
    assert refused.status_code == 400
    stale = office.post(f"/problems/{problem.pk}/", {"state": "resolved", "version": problem.version + 5})
    assert stale.status_code == 400
    moved = office.post(f"/problems/{problem.pk}/", {
        "state": "coordinating", "version": problem.version, "owner": users["water"].agency_id,
        "helpers": [users["fire"].agency_id]})
    assert moved.status_code == 302
    problem.refresh_from_db()
    assert problem.state == "coordinating" and problem.owner.name == "省水利厅"
    assert office.get("/problems/?state=zz&agency=abc&item=task:abc").status_code == 200


def test_the_dashboard_counts_open_problems_and_the_oldest(problems, client_for):
    page = html_of(client_for("leader").get("/dashboard/"))
    assert 'id="open-problems"' in page and "3个未解决问题" in page and "2026-12-02" in page


def test_the_workbook_has_a_problem_sheet_as_the_user_may_read(problems, users):
    Problem.objects.filter(pk=problems["昆明市"].pk).update(text="=HYPERLINK(\"x\")")
    for who, units in (("coordinator", EVERY), ("kunming", {"昆明市", "省消防救援总队"})):
        buffer = io.BytesIO()
        export_workbook(user=users[who], filters=ExportFilters(year=2026, as_of=date(2026, 12, 2)), target=buffer)
        sheet = load_workbook(io.BytesIO(buffer.getvalue()))["问题清单"]
        rows = list(sheet.iter_rows(min_row=2, values_only=True))
        assert {row[1] for row in rows if row[1]} == units
        if who == "coordinator":
            kunming = next(row for row in rows if row[1] == "昆明市")
            assert kunming[2] == '=HYPERLINK("x")' and kunming[3] == "待协调"
            cell = next(c for c in sheet["C"] if c.value == '=HYPERLINK("x")')
            assert cell.data_type == "s"  # text, not a formula


def test_the_list_filters_by_unit_item_and_state(problems, users, client_for):
    office = client_for("coordinator")
    task = Task.objects.get(code="4.1")
    by_item = html_of(office.get(f"/problems/?state=open&item=task:{task.pk}"))
    assert "装备采购审批周期长" in by_item and "市级平台建设资金缺口较大" not in by_item
    by_unit = html_of(office.get(f"/problems/?state=&agency={users['dali'].agency_id}"))
    assert "大理州专业队伍人员不足" in by_unit and "装备采购审批周期长" not in by_unit
    assert "装备采购审批周期长" not in html_of(office.get("/problems/?state=resolved"))
