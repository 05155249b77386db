"""#21 终期评估: each kind of item and target classified on fixed data, with the clock fixed (time-machine)."""

from datetime import date
from decimal import Decimal

import pytest
import time_machine

from agencies.models import Role
from evaluation.final import ItemOutcome, TargetOutcome, final_evaluation
from indicators.models import Indicator
from indicators.services import indicator_value_add
from reporting.services import completion_verify
from revisions.services import item_set_scope
from tasks.models import ItemScope, Task
from tests.factories import UserFactory, deadline_revised, status_set

TODAY = "2026-12-02 09:00 +0800"


def _at(moment):
    return time_machine.travel(f"{moment} 09:00 +0800", tick=False)


def _completed(code, *, by, verifier, on, verified_on):
    with _at(on):
        status_set(code, actor=by, status="completed", percent=100, narrative="已完成")
    with _at(verified_on):
        task = Task.objects.get(code=code)
        completion_verify(item=task, actor=verifier, expected_version=task.version)


@pytest.fixture
def history(users):
    industry = UserFactory(username="industry", agency_name="省工业和信息化厅", roles=[Role.DEPARTMENT_EDITOR])
    office = users["coordinator"]
    _completed("4.1", by=users["fire"], verifier=office, on="2025-11-01", verified_on="2025-11-10")
    _completed("3.3.1", by=industry, verifier=office, on="2026-03-01", verified_on="2026-03-05")
    with _at("2025-06-01"):
        status_set("1.1", actor=office, percent=60)
        status_set("2.4", actor=office, status="completed", percent=100)  # asked, not verified yet
        deadline_revised(actor=office, code="1.2", deadline=date(2026, 12, 31))
        task = Task.objects.get(code="2.1")
        item_set_scope(item=task, scope=ItemScope.NOT_APPLICABLE, reason="机构改革后不再适用",
                       reference="云政办发〔2025〕3号", actor=office, expected_version=task.version)
    # 6.1.1, due at the end of 2025, carried over to 2028 in 2026 and completed in September 2026: late
    with _at("2026-02-01"):
        deadline_revised(actor=office, code="6.1.1", deadline=date(2028, 12, 31))
    _completed("6.1.1", by=UserFactory(username="science", agency_name="省科技厅", roles=[Role.DEPARTMENT_EDITOR]),
               verifier=office, on="2026-09-01", verified_on="2026-09-03")
    with _at("2026-07-20"):
        for code, value, as_of in (("I03", "1.8", "2025-12-31"), ("I18", "60", "2025-12-31"),
                                   ("I23", "1.0", "2026-06-30")):
            indicator_value_add(indicator=Indicator.objects.get(code=code), value=Decimal(value),
                                as_of=date.fromisoformat(as_of), source="统计年报", actor=office)
    with time_machine.travel(TODAY, tick=False):
        return final_evaluation()


def _item(evaluation, code):
    return next(result for result in evaluation.items if getattr(result.item, "code", None) == code)


def _target(evaluation, code):
    return next(result for result in evaluation.targets if result.indicator.code == code)


def test_each_kind_of_item_is_classified(history):
    on_time = _item(history, "4.1")
    assert (on_time.outcome, on_time.completed_on) == (ItemOutcome.COMPLETED_ON_TIME, date(2025, 11, 1))
    late = _item(history, "3.3.1")  # asked on 1 March 2026 for a task due at the end of 2025
    assert (late.outcome, late.completed_on) == (ItemOutcome.COMPLETED_LATE, date(2026, 3, 1))
    assert "逾期60天" in late.note
    assert _item(history, "1.1").outcome == ItemOutcome.NOT_COMPLETED
    waiting = _item(history, "2.4")
    assert waiting.outcome == ItemOutcome.NOT_COMPLETED and "待销号" in waiting.note
    carried = _item(history, "1.2")
    assert carried.outcome == ItemOutcome.NOT_COMPLETED and "2026-12-31" in carried.note
    carried_then_done = _item(history, "6.1.1")
    assert (carried_then_done.outcome, carried_then_done.deadline) == (ItemOutcome.COMPLETED_LATE, date(2025, 12, 31))
    assert "规划期后完成时限调整至2028-12-31" in carried_then_done.note
    assert _item(history, "1.3").outcome == ItemOutcome.ONGOING
    assert _item(history, "2.1").outcome == ItemOutcome.DROPPED
    counts = history.item_counts
    assert sum(counts.values()) == len(history.items) and all(counts[o] for o in ItemOutcome.values)
    assert history.ended and history.days_since_end == 336


def test_each_kind_of_target_is_classified(history):
    achieved = _target(history, "I03")  # ≤ 2.0 hours, 1.8 at the end of 2025
    assert achieved.outcome == TargetOutcome.ACHIEVED and achieved.final_value == Decimal("1.8")
    short = _target(history, "I18")  # ≥ 72, 60 at the end of 2025
    assert (short.outcome, short.gap) == (TargetOutcome.NOT_ACHIEVED, Decimal(12))
    assert "差距12" in short.note
    # a value dated after the period does not count for it; no value at all says so
    for code in ("I23", "I22"):
        result = _target(history, code)
        assert result.outcome == TargetOutcome.NOT_ASSESSABLE and "无2025年末" in result.note


def test_units_and_prefectures_have_their_record(history):
    records = {record.agency.name: record for record in history.units}
    fire = records["省消防救援总队"]
    # it leads 4.1 and two key projects, none ongoing or dropped: one of three completed
    assert (fire.items, fire.outcomes[ItemOutcome.COMPLETED_ON_TIME], fire.completion_rate) == (3, 1, 33.3)
    assert records["省工业和信息化厅"].outcomes[ItemOutcome.COMPLETED_LATE] == 1
    assert len(history.prefectures) == 16
    assert all(record.items > 0 for record in history.prefectures)  # every prefecture answers for some items
