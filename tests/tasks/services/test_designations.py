"""Items the plan gives to 省级有关部门 (a collective with no members): a coordinator names the department that
actually leads (or joins) them, with a reason kept in the history; that department then acts with the role, and
the plan's wording stays as written."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from agencies.models import Agency
from agencies.selectors import agency_list
from projects.models import Safeguard
from projects.selectors import safeguard_detail
from recompute.services import snapshots_recompute
from reporting.services import item_update_status
from snapshots.models import RollupScope, RollupSnapshot
from supervision.selectors import responsible_units
from tasks.models import Task
from tasks.permissions import can_update_status
from tasks.selectors import item_detail_for, item_history
from tasks.services import designation_add, designation_remove
from tests.responses import element, html_of, json_of

REASON = "省政府办公厅明确由省水利厅牵头(云政办函〔2024〕8号)"


def _task(code):
    return item_detail_for(Task.objects.get(code=code))


def test_a_named_lead_department_updates_the_item_and_the_history_says_why(users):
    water = users["water"]
    assert not can_update_status(water, _task("3.3.3"))  # only the office could, the plan naming no member
    designation_add(item=_task("3.3.3"), agency=water.agency, role="lead", reason=REASON, actor=users["coordinator"])
    task = _task("3.3.3")
    assert can_update_status(water, task) and [d.agency for d in task.designated_leads] == [water.agency]
    item_update_status(item=task, status="in_progress", percent=20, narrative="启动", actor=water,
                       expected_version=task.version)
    assert Task.objects.for_agency(water.agency, role="lead").filter(code="3.3.3").exists()
    assert task.lead_agency.name == "省级有关部门"  # the plan's wording is kept
    named = [e for e in item_history(item=task) if any("省级有关部门" in label for label, _o, _n in e.changes)]
    assert named and named[0].user == users["coordinator"]
    assert ("原因", "", REASON) in named[0].changes and "省水利厅 (牵头单位)" in str(named[0].changes)

    designation_remove(designation=task.designations.get(), reason="职责调整,改由省发展改革委牵头",
                       actor=users["coordinator"])
    task = _task("3.3.3")
    assert not can_update_status(water, task)
    withdrawn = [e for e in item_history(item=task) if ("原因", "", "职责调整,改由省发展改革委牵头") in e.changes]
    assert withdrawn and withdrawn[0].action == "删除"


@pytest.mark.parametrize("code, agency, role, reason, who, error", [
    ("3.3.3", "省水利厅", "lead", "", "coordinator", ValidationError),  # no reason
    ("3.3.3", "省水利厅", "lead", REASON, "water", PermissionDenied),  # not the office
    ("4.1", "省水利厅", "participant", REASON, "coordinator", PermissionDenied),  # the plan names no collective
    ("3.3.3", "昆明市", "lead", REASON, "coordinator", ValidationError),  # not a provincial department
    ("1.3", "省水利厅", "lead", REASON, "coordinator", ValidationError),  # 省应急厅 leads 1.3; joining only
    ("1.3", "省应急厅", "participant", REASON, "coordinator", ValidationError),  # named in the plan already
])
def test_refused_designations_change_nothing(users, code, agency, role, reason, who, error):
    with pytest.raises(error):
        designation_add(item=_task(code), agency=Agency.objects.get(name=agency), role=role, reason=reason,
                        actor=users[who])
    assert not _task(code).designations.exists()


def test_the_page_names_and_withdraws_a_department(users, client_for):
    office = client_for("coordinator")
    water = users["water"].agency
    refused = office.post("/tasks/3.2/", {"action": "designate", "designate-agency": water.pk,
                                          "designate-role": "lead", "designate-reason": " "})
    assert refused.status_code == 400 and not _task("3.2").designations.exists()
    saved = office.post("/tasks/3.2/", {"action": "designate", "designate-agency": water.pk,
                                        "designate-role": "lead", "designate-reason": REASON})
    assert saved.status_code == 302
    page = html_of(office.get("/tasks/3.2/"))
    assert "省水利厅" in element(page, "lead-unit") and "省级有关部门" in element(page, "lead-unit")
    assert REASON in element(page, "designations")
    api = json_of(office.get("/api/v1/tasks/3.2/"))
    assert api["lead_agency"] == "省级有关部门"  # the plan's wording
    assert api["designated_units"][0] | {"designated_at": None} == {
        "agency": "省水利厅", "role": "lead", "reason": REASON, "designated_at": None}
    # A department editor cannot name anyone; an unknown or foreign designation is refused without a change.
    assert client_for("water").post("/tasks/3.2/", {"action": "designate", "designate-agency": water.pk,
                                                    "designate-role": "lead",
                                                    "designate-reason": REASON}).status_code == 403
    for bad in ("999999999", "abc", "99999999999999999999"):
        answer = office.post("/tasks/3.2/", {"action": "undesignate", "designation": bad, "reason": "调整"})
        assert answer.status_code == 400
    designation = _task("3.2").designations.get()
    assert office.post("/tasks/3.2/", {"action": "undesignate", "designation": designation.pk,
                                       "reason": ""}).status_code == 400
    assert office.post("/tasks/3.2/", {"action": "undesignate", "designation": designation.pk,
                                       "reason": "职责调整"}).status_code == 302
    assert not _task("3.2").designations.exists()


def test_a_safeguard_led_by_the_collective_takes_a_named_lead(users, client_for):
    office = users["coordinator"]
    safeguard = safeguard_detail(number=1, user=office)
    designation_add(item=safeguard, agency=users["water"].agency, role="lead", reason=REASON, actor=office)
    answer = client_for("water").patch("/api/v1/safeguards/1/", {"status": "in_progress", "percent": 10,
                                                                "narrative": "已部署", "version": 1},
                                       content_type="application/json")
    assert answer.status_code == 200, answer.content
    assert Safeguard.objects.get(number=1).percent == 10
    assert "省水利厅" in element(html_of(client_for("coordinator").get("/safeguards/1/")), "lead-unit")


def test_a_named_department_is_counted_and_reminded_like_a_named_one(users):
    water = users["water"]
    designation_add(item=_task("3.3.3"), agency=water.agency, role="lead", reason=REASON, actor=users["coordinator"])
    snapshots_recompute()
    lead = RollupSnapshot.objects.get(scope=RollupScope.AGENCY_LEAD, scope_id=water.agency.pk)
    assert lead.green + lead.yellow + lead.red + lead.grey >= 1
    assert responsible_units(_task("3.3.3"))[0] == (water.agency, "lead")  # its notices are addressed to it
    counted = agency_list().get(pk=water.agency.pk)
    plan_named = Task.objects.filter(responsibilities__agency=water.agency, scope="active").distinct().count()
    assert counted.task_count == plan_named + 1


def test_a_long_withdrawal_reason_is_kept_whole(users):
    reason = "因机构改革职责调整," * 30
    designation = designation_add(item=_task("3.3.3"), agency=users["water"].agency, role="lead", reason=REASON * 3,
                                  actor=users["coordinator"])
    designation_remove(designation=designation, reason=reason, actor=users["coordinator"])
    history = item_history(item=_task("3.3.3"))
    assert ("原因", "", REASON * 3) in history[-2].changes and ("原因", "", reason.strip()) in history[-1].changes
