"""The problem list's writes: 存在问题 in progress entries and submitted reports become tracked problems once; the
office raises one; a problem moves 待协调 → 协调中 → 已解决 (or 不予处理 with the reason); the office names who
coordinates and who helps, and they are told; whoever may not, cannot, and a refusal changes nothing."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from agencies.models import Agency
from core.errors import StaleVersionError
from notifications.models import Notification
from problems.models import Problem, ProblemState
from problems.services import problem_raise, problem_update, problems_collect
from reporting.models import ProgressEntry
from reporting.services import report_accept, report_return, report_submit
from supervision.services import assignment_save
from tasks.models import Task
from tests.factories import report_of
from tests.problems.conftest import report_with_problem


def test_problems_named_in_reports_and_entries_are_collected_once(problems):
    assert set(problems) == {"昆明市", "大理白族自治州", "省消防救援总队"}
    kunming = problems["昆明市"]
    assert kunming.text == "市级平台建设资金缺口较大" and kunming.report_item is not None
    assert kunming.state == ProblemState.OPEN and problems["省消防救援总队"].entry.problems == "装备采购审批周期长"
    assert problems_collect() == 0 and Problem.objects.count() == 3


def test_the_office_assigns_asks_for_help_and_resolves(problems, users, django_capture_on_commit_callbacks):
    problem = problems["昆明市"]
    office, water = Agency.objects.get(name="省应急厅"), Agency.objects.get(name="省水利厅")
    with django_capture_on_commit_callbacks(execute=True):
        moved = problem_update(problem=problem, actor=users["coordinator"], expected_version=problem.version,
                               state=ProblemState.COORDINATING, owner=office, helpers=[water])
    assert (moved.state, moved.owner, list(moved.helpers.all())) == ("coordinating", office, [water])
    assert Notification.objects.filter(user=users["water"], key=f"problem-help:{problem.pk}:{water.pk}").exists()
    resolved = problem_update(problem=moved, actor=users["coordinator"], expected_version=moved.version,
                              state=ProblemState.RESOLVED, note="已协调省财政厅安排资金")
    assert resolved.state == "resolved" and resolved.state_note == "已协调省财政厅安排资金"
    assert resolved.history.count() >= 3


def test_not_taking_a_problem_up_needs_the_reason(problems, users):
    problem = problems["昆明市"]
    with pytest.raises(ValidationError) as refused:
        problem_update(problem=problem, actor=users["coordinator"], expected_version=problem.version,
                       state=ProblemState.DECLINED)
    assert "note" in refused.value.message_dict
    problem.refresh_from_db()
    assert problem.state == ProblemState.OPEN


def test_the_coordinating_unit_moves_the_state_and_no_one_else(problems, users):
    problem = problems["昆明市"]
    for who in ("kunming", "water", "dali", "leader", "auditor"):
        with pytest.raises(PermissionDenied):
            problem_update(problem=problem, actor=users[who], expected_version=problem.version,
                           state=ProblemState.RESOLVED)
    problem = problem_update(problem=problem, actor=users["coordinator"], expected_version=problem.version,
                             state=ProblemState.COORDINATING, owner=Agency.objects.get(name="省水利厅"))
    moved = problem_update(problem=problem, actor=users["water"], expected_version=problem.version,
                           state=ProblemState.RESOLVED, note="已解决")
    assert moved.state == "resolved"
    with pytest.raises(PermissionDenied):  # a unit does not re-assign
        problem_update(problem=moved, actor=users["water"], expected_version=moved.version,
                       state=ProblemState.COORDINATING, helpers=[])
    with pytest.raises(StaleVersionError):
        problem_update(problem=moved, actor=users["coordinator"], expected_version=problem.version,
                       state=ProblemState.OPEN)


def test_the_office_raises_a_problem_on_an_item_of_a_responsible_unit(users, plan):
    task = Task.objects.get(code="4.1")
    raised = problem_raise(item=task, agency=Agency.objects.get(name="昆明市"), text="跨州市协调困难",
                           actor=users["coordinator"])
    assert raised.owner == users["coordinator"].agency and raised.raised_by == users["coordinator"]
    with pytest.raises(ValidationError):
        problem_raise(item=task, agency=Agency.objects.get(name="省水利厅"), text="x", actor=users["coordinator"])
    with pytest.raises(ValidationError):
        problem_raise(item=task, agency=Agency.objects.get(name="昆明市"), text="  ", actor=users["coordinator"])
    with pytest.raises(PermissionDenied):
        problem_raise(item=task, agency=Agency.objects.get(name="昆明市"), text="x", actor=users["kunming"])
    assert Problem.objects.count() == 1


def test_a_returned_report_is_not_collected_and_a_resubmitted_text_updates_the_problem(users, period):
    report, first = report_with_problem(period, users["kunming"], text="旧的问题")
    Problem.objects.all().delete()
    report = report_return(report=report, reason="请修改", actor=users["coordinator"])
    report.items.filter(pk=first.pk).update(problems="修改后的问题")
    assert problems_collect() == 0  # returned: not the prefecture's word yet
    report_submit(report=report, actor=users["kunming"])
    problems_collect()
    problem = Problem.objects.get(agency__name="昆明市")
    report = report_return(report=report_of(period, "昆明市"), reason="再改", actor=users["coordinator"])
    report.items.filter(pk=first.pk).update(problems="第三次的问题")
    report_submit(report=report, actor=users["kunming"])
    problems_collect()
    problem.refresh_from_db()
    assert problem.text == "第三次的问题" and Problem.objects.count() == 1


def test_an_accepted_reports_part_update_is_not_a_second_problem(users, period):
    assign = Task.objects.get(code="1.1")
    assignment_save(item=assign, agency=Agency.objects.get(name="昆明市"), actor=users["coordinator"])
    report, _first = report_with_problem(period, users["kunming"], text="资金缺口")
    report_accept(report=report, actor=users["coordinator"])
    assert ProgressEntry.objects.filter(kind="part_update", problems="资金缺口").exists()  # the part took the row
    problems_collect()
    assert Problem.objects.filter(agency__name="昆明市").count() == 1


def test_a_prefecture_named_to_coordinate_reads_the_problem_and_is_told(problems, users, client_for,
                                                                       django_capture_on_commit_callbacks):
    problem = problems["大理白族自治州"]
    with django_capture_on_commit_callbacks(execute=True):
        problem_update(problem=problem, actor=users["coordinator"], expected_version=problem.version,
                       state=ProblemState.COORDINATING, owner=Agency.objects.get(name="昆明市"))
    assert client_for("kunming").get(f"/problems/{problem.pk}/").status_code == 200
    assert Notification.objects.filter(user=users["kunming"], key__startswith="problem-owner:").exists()
