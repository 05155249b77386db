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
from tasks.models import Task


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
