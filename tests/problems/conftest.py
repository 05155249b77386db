import pytest
import time_machine

from core.channels import Channel
from problems.models import Problem
from problems.services import problems_collect
from reporting.services import ItemInput, progress_entry_add, report_save, report_submit
from tasks.models import Task
from tests.factories import report_of


@pytest.fixture(autouse=True)
def today():
    with time_machine.travel("2026-12-02 10:00 +0800"):
        yield


def report_with_problem(period, user, text="市级平台建设资金缺口较大"):
    """The prefecture's report with a problem named on its first item, submitted."""
    report = report_of(period, user.agency.name)
    first = report.items.first()
    items = {item.pk: ItemInput(status="in_progress", narrative="推进", problems=text if item == first else "")
             for item in report.items.all()}
    report = report_save(report=report, items=items, lines={}, actor=user, expected_version=report.version,
                         channel=Channel.PAGE)
    return report_submit(report=report, actor=user), first


@pytest.fixture
def problems(users, period):
    """Three problems: 昆明市's from its report, 大理州's likewise, 省消防救援总队's from a progress entry on 4.1."""
    report_with_problem(period, users["kunming"])
    report_with_problem(period, users["dali"], text="大理州专业队伍人员不足")
    progress_entry_add(item=Task.objects.get(code="4.1"), narrative="推进", problems="装备采购审批周期长",
                       actor=users["fire"])
    problems_collect()
    return {problem.agency.name: problem for problem in Problem.objects.select_related("agency")}
