"""Each responsible unit's own part of an item (reporting.UnitPart): the office breaks it out when it assigns the
unit (分解: what the part is, its deadline, yearly milestones); the unit updates it; a completed part awaits
verification; a part's extension moves the part's deadline, not the plan's; an accepted report is the
prefecture's status; the item's light names the lagging units. Every refusal changes nothing."""

from datetime import date

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError

from agencies.models import Agency
from core.errors import StaleVersionError
from notifications.models import Notification
from recompute.services import snapshots_recompute
from reporting.models import CompletionDecision, ProgressEntry, UnitPart
from reporting.selectors import PartTerms, unit_part
from reporting.services import (
    completion_reopen,
    completion_return,
    completion_verify,
    part_update_status,
    report_accept,
)
from revisions.models import PlanRevision
from snapshots.models import LightSnapshot, RollupSnapshot
from supervision.models import Assignment
from supervision.services import assignment_acknowledge, assignment_save, extension_approve, extension_request
from tasks.models import Task
from tasks.services import designation_add, designation_remove
from tests.factories import UserFactory, pdf_file, period_opened, report_of, report_submitted

PART = PartTerms("建成昆明市级应急指挥平台", date(2027, 6, 30), ((2026, 60), (2027, 100)))


@pytest.fixture
def task(plan):
    return Task.objects.get(code="4.1")  # deadline 2025-12-31, led by 省消防救援总队; 各州、市人民政府 behind it


def kunming():
    return Agency.objects.get(name="昆明市")


@pytest.fixture
def assigned(task, users):
    """昆明市's part broken out with its deadline and milestones, the contact named."""
    return assignment_save(item=task, agency=kunming(), contact=users["kunming"], part=PART,
                           actor=users["coordinator"])


def update(task, user, *, status="in_progress", percent=40, version=None, **extra):
    part = unit_part(task, user.agency)
    return part_update_status(item=task, status=status, percent=percent, narrative=extra.pop("narrative", "推进中"),
                              actor=user, expected_version=version or (part.version if part else None), **extra)


def test_the_office_breaks_out_a_units_part_with_its_deadline_and_milestones(task, assigned):
    part = unit_part(task, kunming())
    assert (part.title, part.deadline, part.status, part.percent) == (PART.title, date(2027, 6, 30),
                                                                      "not_started", 0)
    assert [str(m) for m in part.milestones.all()] == ["2026年底前完成60%", "2027年底前完成100%"]


def test_changing_the_part_asks_the_unit_to_acknowledge_again(task, users, assigned):
    acknowledged = assignment_acknowledge(assignment=assigned, actor=users["kunming"],
                                          expected_version=assigned.version)
    changed = assignment_save(item=task, agency=kunming(), contact=users["kunming"], actor=users["coordinator"],
                              part=PartTerms(PART.title, PART.deadline, ((2026, 50), (2027, 100))),
                              expected_version=acknowledged.version)
    assert changed.acknowledged_at is None
    assert [m.percent for m in unit_part(task, kunming()).milestones.all()] == [50, 100]
    assert unit_part(task, kunming()).milestones.model.history.filter(history_type="-").count() == 2


@pytest.mark.parametrize(("terms", "field"), [
    (PartTerms("x", date(2026, 11, 30)), "part_deadline"),  # in the past
    (PartTerms("x", date(2036, 1, 1)), "part_deadline"),  # beyond the horizon
    (PartTerms("x", date(2027, 6, 30), ((2026, 60), (2026, 70))), "milestones"),  # a year twice
    (PartTerms("x", date(2027, 6, 30), ((2026, 80), (2027, 60))), "milestones"),  # falling
    (PartTerms("x", date(2027, 6, 30), ((2028, 80),)), "milestones"),  # after the part's deadline
    (PartTerms("x", date(2027, 6, 30), ((2026, 0),)), "milestones"),  # 0%
])
def test_bad_terms_of_a_part_are_refused_and_nothing_is_stored(task, users, terms, field):
    with pytest.raises(ValidationError) as refused:
        assignment_save(item=task, agency=kunming(), part=terms, actor=users["coordinator"])
    assert field in refused.value.message_dict
    assert not UnitPart.objects.exists() and not Assignment.objects.exists()


def test_the_lead_units_part_is_the_item_itself(task, users):
    with pytest.raises(ValidationError) as refused:
        assignment_save(item=task, agency=Agency.objects.get(name="省消防救援总队"), part=PART,
                        actor=users["coordinator"])
    assert "part_title" in refused.value.message_dict and not UnitPart.objects.exists()


def test_the_unit_updates_its_own_part_with_an_entry_in_the_timeline(task, users, assigned):
    entry = update(task, users["kunming"], percent=40, files=[pdf_file("进展.pdf")])
    part = unit_part(task, kunming())
    assert (part.status, part.percent, part.version, part.narrative) == ("in_progress", 40, 2, "推进中")
    assert (entry.kind, entry.agency, entry.status, entry.percent) == ("part_update", kunming(), "in_progress", 40)
    assert Task.objects.get(pk=task.pk).percent == task.percent  # the item's own status is the lead unit's
    assert part.history.first().history_user == users["kunming"]


def test_a_unit_without_a_part_yet_gets_one_on_its_first_update(task, users):
    update(task, users["dali"], percent=10)
    assert unit_part(task, Agency.objects.get(name="大理白族自治州")).percent == 10


@pytest.mark.parametrize("name", ["fire", "coordinator", "leader", "auditor", "sysadmin"])
def test_only_a_responsible_unit_other_than_the_lead_updates_its_part(task, users, name, assigned):
    with pytest.raises(PermissionDenied):
        update(task, users[name], version=1)
    assert not ProgressEntry.objects.exists() and unit_part(task, kunming()).version == 1


def test_a_unit_not_responsible_for_the_item_has_no_part(plan, users):
    task = Task.objects.get(code="4.1")
    outsider = UserFactory(username="outsider", agency_name="省水利厅", roles=["department_editor"])
    with pytest.raises(PermissionDenied):
        update(task, outsider, version=1)


def test_a_stale_part_update_is_refused_naming_who_saved(task, users, assigned):
    update(task, users["kunming"], percent=40)
    colleague = UserFactory(username="kunming2", agency_name="昆明市", roles=["prefecture_reporter"])
    with pytest.raises(StaleVersionError):
        update(task, colleague, percent=50, version=1)
    assert unit_part(task, kunming()).percent == 40


def test_a_completed_part_awaits_verification_sent_back_resubmitted_verified_and_reopened(task, users, assigned):
    update(task, users["kunming"], status="completed", percent=100, files=[pdf_file("验收.pdf")])
    part = unit_part(task, kunming())
    assert part.status == "pending_verification"
    with pytest.raises(ValidationError):  # awaits the office: no other status meanwhile
        update(task, users["kunming"], percent=80)
    with pytest.raises(PermissionDenied):  # the unit does not verify itself
        completion_verify(item=task, part=part, actor=users["kunming"], expected_version=part.version)
    with pytest.raises(ValidationError):
        completion_return(item=task, part=part, reason=" ", actor=users["coordinator"],
                          expected_version=part.version)
    returned = completion_return(item=task, part=part, reason="缺少验收报告", actor=users["coordinator"],
                                 expected_version=part.version)
    assert (returned.part, returned.decision, unit_part(task, kunming()).status) == (part, "returned",
                                                                                     "in_progress")
    update(task, users["kunming"], status="completed", percent=100, files=[pdf_file("验收报告.pdf")])
    part = unit_part(task, kunming())
    verified = completion_verify(item=task, part=part, note="材料齐全", actor=users["coordinator"],
                                 expected_version=part.version)
    assert "验收报告.pdf sha256:" in verified.evidence_seen and unit_part(task, kunming()).status == "completed"
    with pytest.raises(ValidationError):
        update(task, users["kunming"], percent=80)
    part = unit_part(task, kunming())
    completion_reopen(item=task, part=part, reason="复核发现问题", actor=users["coordinator"],
                      expected_version=part.version)
    assert (unit_part(task, kunming()).status, unit_part(task, kunming()).percent) == ("in_progress", 99)
    # The whole item is untouched: its decisions are the lead unit's.
    assert Task.objects.get(pk=task.pk).status == task.status
    assert CompletionDecision.objects.filter(part=None).count() == 0


def test_a_parts_extension_moves_the_parts_deadline_not_the_plans(task, users, assigned):
    request = extension_request(item=task, requested_deadline=date(2027, 12, 31), reason="资金到位较晚",
                                actor=users["kunming"], files=[pdf_file("说明.pdf")])
    assert (request.part, request.current_deadline) == (unit_part(task, kunming()), date(2027, 6, 30))
    extension_approve(request=request, actor=users["coordinator"])
    part = unit_part(task, kunming())
    assert part.deadline == date(2027, 12, 31)
    assert f"延期申请#{request.pk}" in part.history.first().history_change_reason
    assert Task.objects.get(pk=task.pk).deadline == date(2025, 12, 31) and not PlanRevision.objects.exists()


def test_an_accepted_report_is_the_prefectures_status_of_its_part(task, users):
    period = period_opened(actor=users["coordinator"])
    report = report_submitted(report_of(period, "昆明市"), actor=users["kunming"], status="completed",
                              narrative="已建成")
    assert unit_part(task, kunming()) is None  # submitted is not yet accepted
    report_accept(report=report, actor=users["coordinator"])
    part = unit_part(task, kunming())
    assert (part.status, part.percent, part.narrative) == ("pending_verification", 100, "(2025年第2季度报告)已建成")
    assert part.status_updated_by == users["kunming"]
    entry = ProgressEntry.objects.get(kind="part_update", agency=kunming(), task=task)  # the request
    assert (entry.author, entry.status) == (users["kunming"], "pending_verification")


def test_a_report_accepted_after_a_newer_update_of_the_part_leaves_the_newer_status(task, users):
    period = period_opened(actor=users["coordinator"])
    report = report_submitted(report_of(period, "昆明市"), actor=users["kunming"], status="in_progress",
                              narrative="季度进展")
    update(task, users["kunming"], status="delayed", percent=40, narrative="资金未到位")
    report_accept(report=report, actor=users["coordinator"])
    part = unit_part(task, kunming())
    assert (part.status, part.narrative, part.version) == ("delayed", "资金未到位", 2)


def test_the_items_light_names_its_lagging_units_and_a_prefecture_counts_its_own_part(task, users, assigned):
    update(task, users["kunming"], percent=70)  # 70% ≥ the 2026 milestone (60%) falls due on 31 Dec: green
    update(task, users["dali"], percent=10)  # no part deadline: the item's (2025-12-31), overdue: red
    snapshots_recompute()
    kunming_part = LightSnapshot.objects.get(kind="unit_part", subject_id=unit_part(task, kunming()).pk)
    assert kunming_part.light == "green" and kunming_part.reason.startswith("按年度目标推进(完成度70%")
    item = LightSnapshot.objects.get(kind="task", subject_id=task.pk)
    assert item.light == "red" and item.named_reason.endswith(";大理白族自治州滞后")
    assert item.reason.endswith(";1个州市滞后")
    kunming_rollup = RollupSnapshot.objects.get(scope="prefecture", scope_id=kunming().pk)
    dali_rollup = RollupSnapshot.objects.get(scope="prefecture", scope_id=Agency.objects.get(
        name="大理白族自治州").pk)
    assert kunming_rollup.green == dali_rollup.green + 1  # 4.1 counts green for 昆明市, red for 大理州


def test_the_office_is_told_of_a_parts_completion_request_and_the_unit_of_the_decision(
        task, users, assigned, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        update(task, users["kunming"], status="completed", percent=100, narrative="平台建成")
    asked = Notification.objects.get(user=users["coordinator"])
    assert "待审核" in asked.title and "昆明市" in asked.title and asked.body == "平台建成"
    part = unit_part(task, kunming())
    with django_capture_on_commit_callbacks(execute=True):
        completion_return(item=task, part=part, reason="缺验收报告", actor=users["coordinator"],
                          expected_version=part.version)
    told = Notification.objects.filter(user=users["kunming"]).latest("pk")
    assert "退回" in told.title and told.body == "缺验收报告" and told.url == "/tasks/4.1/"


def test_an_assignment_form_opened_before_an_approved_extension_does_not_undo_it(task, users, assigned):
    opened = unit_part(task, kunming()).terms_version
    request = extension_request(item=task, requested_deadline=date(2027, 12, 31), reason="资金到位较晚",
                                actor=users["kunming"])
    extension_approve(request=request, actor=users["coordinator"])
    with pytest.raises(StaleVersionError):  # the form still carries the old deadline, 2027-06-30
        assignment_save(item=task, agency=kunming(), part=PART,
                        actor=users["coordinator"], expected_version=assigned.version,
                        expected_part_version=opened)
    assert unit_part(task, kunming()).deadline == date(2027, 12, 31)


def test_a_department_the_open_list_alone_covers_keeps_no_part(plan, users):
    task = next(t for t in Task.objects.prefetch_related("responsibilities__agency__members")
                if any(r.agency.name == "省级有关部门" for r in t.ordered_responsibilities())
                and not any(r.agency.name == "省文化和旅游厅" for r in t.ordered_responsibilities()))
    culture = UserFactory(username="culture", agency_name="省文化和旅游厅", roles=["department_editor"])
    with pytest.raises(PermissionDenied):
        part_update_status(item=task, status="delayed", percent=10, narrative="x", actor=culture,
                           expected_version=None)
    assert not UnitPart.objects.exists()


def test_a_decision_names_the_item_its_part_belongs_to(task, users):
    update(task, users["kunming"], status="completed", percent=100)
    other = Task.objects.get(code="1.3")
    part = unit_part(task, kunming())
    with pytest.raises(ValidationError):
        completion_verify(item=other, part=part, actor=users["coordinator"], expected_version=part.version)
    assert unit_part(task, kunming()).status == "pending_verification"


def test_the_units_status_updates_and_the_offices_terms_do_not_refuse_each_other(task, users, assigned):
    opened = unit_part(task, kunming()).terms_version
    update(task, users["kunming"], percent=40)  # the unit's status: its version, not the terms'
    assignment_save(item=task, agency=kunming(), part=PartTerms(PART.title, PART.deadline, ((2026, 50),)),
                    actor=users["coordinator"], expected_version=assigned.version, expected_part_version=opened)
    part = unit_part(task, kunming())
    assert (part.version, part.terms_version, [m.percent for m in part.milestones.all()]) == (2, opened + 1, [50])
    update(task, users["kunming"], percent=45, version=2)  # the office's new terms do not make it stale
    assert unit_part(task, kunming()).percent == 45


def test_a_form_opened_when_the_unit_had_no_part_does_not_overwrite_one_made_since(task, users):
    dali = Agency.objects.get(name="大理白族自治州")
    request = extension_request(item=task, requested_deadline=date(2027, 12, 31), reason="汛期", actor=users["dali"])
    extension_approve(request=request, actor=users["coordinator"])
    with pytest.raises(StaleVersionError):
        assignment_save(item=task, agency=dali, part=PartTerms(), actor=users["coordinator"],
                        expected_part_version=0)
    assert unit_part(task, dali).deadline == date(2027, 12, 31)


def test_reports_accepted_out_of_order_leave_the_newer_status(task, users):
    with time_machine.travel("2025-04-02 09:00 +0800"):
        q1 = period_opened(actor=users["coordinator"], year=2025, number=1, at="2025-04-01 09:00 +0800")
        first = report_submitted(report_of(q1, "昆明市"), actor=users["kunming"], status="not_started",
                                 narrative="一季度")
    with time_machine.travel("2025-07-02 09:00 +0800"):
        q2 = period_opened(actor=users["coordinator"], year=2025, number=2, at="2025-07-01 09:00 +0800")
        second = report_submitted(report_of(q2, "昆明市"), actor=users["kunming"], status="in_progress",
                                  narrative="二季度")
    report_accept(report=second, actor=users["coordinator"])
    report_accept(report=first, actor=users["coordinator"])  # the older report, accepted last
    part = unit_part(task, kunming())
    assert (part.status, part.narrative) == ("in_progress", "(2025年第2季度报告)二季度")


def test_the_part_of_a_department_no_longer_named_is_not_judged(users):
    task = next(t for t in Task.objects.prefetch_related("responsibilities__agency__members")
                if any(r.agency.name == "省级有关部门" for r in t.ordered_responsibilities())
                and not any(r.agency.name == "省水利厅" for r in t.ordered_responsibilities()))
    designation = designation_add(item=task, agency=Agency.objects.get(name="省水利厅"), role="participant",
                                  reason="分工方案", actor=users["coordinator"])
    part_update_status(item=Task.objects.get(pk=task.pk), status="delayed", percent=5, narrative="滞后",
                       actor=users["water"], expected_version=None)
    snapshots_recompute()
    assert LightSnapshot.objects.filter(kind="unit_part").count() == 1
    designation_remove(designation=designation, reason="调整分工", actor=users["coordinator"])
    snapshots_recompute()
    assert not LightSnapshot.objects.filter(kind="unit_part").exists()
    assert "省水利厅" not in LightSnapshot.objects.get(kind="task", subject_id=task.pk).reason
