"""Plan revisions (revisions.services): a deadline, target or scope changed with a reason and a document; the
original is kept, lights use the revised value from the revision date on and the original before it, earlier
snapshots stay as shown, and an item that left the plan takes no more updates."""

from datetime import date
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError

from core.errors import StaleVersionError
from indicators.models import Indicator
from indicators.services import indicator_value_add
from projects.models import KeyProject
from recompute.services import snapshots_recompute
from reporting.services import item_update_status
from revisions.models import PlanRevision
from revisions.selectors import original_deadline
from revisions.services import indicator_revise_target, item_revise_deadline, item_set_scope
from snapshots.models import LightSnapshot, RollupScope, RollupSnapshot, SubjectKind
from tasks.models import ItemScope, Task
from tests.factories import DECISION, deadline_revised, status_set, task_snapshot

BEFORE = "2025-10-01 10:00 +0800"  # 91 days before the original deadline of 2025-12-31
OVERDUE = "2026-01-15 10:00 +0800"
REVISED_ON = "2026-02-01 10:00 +0800"


def snapshot_rows():
    return list(LightSnapshot.objects.order_by("date", "kind", "subject_id")
                .values_list("date", "kind", "subject_id", "light", "reason"))


def test_a_revised_deadline_changes_lights_from_its_date_on_and_not_before(users):
    task = Task.objects.get(code="1.1")
    status_set("1.1", actor=users["coordinator"], percent=60, narrative="推进")
    with time_machine.travel(BEFORE):
        snapshots_recompute()
    with time_machine.travel(OVERDUE):
        snapshots_recompute()
    assert task_snapshot("1.1", date(2026, 1, 15)).light == "red"
    earlier = snapshot_rows()

    with time_machine.travel(REVISED_ON):
        revision = deadline_revised(actor=users["coordinator"])
        snapshots_recompute()
    assert snapshot_rows()[:len(earlier)] == earlier  # snapshots taken before keep what they showed
    after = task_snapshot("1.1", date(2026, 2, 1))
    assert after.light != "red" and "已超过完成时限" not in after.reason

    # Judging a day before the revision uses the original deadline; a day after it, the revised one.
    snapshots_recompute(today=date(2026, 1, 20))
    assert task_snapshot("1.1", date(2026, 1, 20)).light == "red"
    assert "2025-12-31" in task_snapshot("1.1", date(2026, 1, 20)).reason
    snapshots_recompute(today=date(2026, 11, 1))
    assert "2026-12-31" in task_snapshot("1.1", date(2026, 11, 1)).reason

    task.refresh_from_db()
    assert task.deadline == date(2026, 12, 31) and original_deadline(task) == date(2025, 12, 31)
    assert (revision.old_value, revision.new_value, revision.effective_from) == ("2025-12-31", "2026-12-31",
                                                                               date(2026, 2, 1))
    assert task.history.first().history_user == users["coordinator"]


def test_a_revision_needs_a_coordinator_a_reason_and_a_document_and_changes_nothing_otherwise(users):
    task = Task.objects.get(code="1.1")
    with pytest.raises(PermissionDenied):
        deadline_revised(actor=users["water"])
    with pytest.raises(ValidationError) as refused:
        item_revise_deadline(item=task, deadline=date(2026, 12, 31), reason=" ", reference="", actor=users[
            "coordinator"], expected_version=task.version)
    assert set(refused.value.message_dict) == {"reason", "reference"}
    with pytest.raises(ValidationError) as same:
        deadline_revised(actor=users["coordinator"], deadline=date(2025, 12, 31))
    assert "deadline" in same.value.message_dict
    with pytest.raises(ValidationError):
        deadline_revised(actor=users["coordinator"], deadline=date(2040, 1, 1))
    with pytest.raises(StaleVersionError):
        item_revise_deadline(item=task, deadline=date(2026, 12, 31), reason="延期", reference=DECISION,
                             actor=users["coordinator"], expected_version=task.version - 1 or 99)
    task.refresh_from_db()
    assert task.deadline == date(2025, 12, 31) and task.version == 1 and not PlanRevision.objects.exists()


def test_a_revised_target_is_judged_by_the_new_value_from_its_date(users):
    indicator = Indicator.objects.get(code="I11")
    with time_machine.travel("2025-06-01 10:00 +0800"):
        indicator_value_add(indicator=indicator, value=Decimal("979"), as_of=date(2025, 6, 1), source="水利厅统计",
                            actor=users["coordinator"])
        snapshots_recompute()
    with time_machine.travel("2025-07-01 10:00 +0800"):
        revisions = indicator_revise_target(
            indicator=indicator, target_value=Decimal("1200"), target_year=2025, reason="新增病险水库",
            reference=DECISION, actor=users["coordinator"], expected_version=indicator.version)
        snapshots_recompute()
    assert [r.field for r in revisions] == ["target_value"]
    before = LightSnapshot.objects.get(kind=SubjectKind.INDICATOR, subject_id=indicator.pk, date=date(2025, 6, 1))
    after = LightSnapshot.objects.get(kind=SubjectKind.INDICATOR, subject_id=indicator.pk, date=date(2025, 7, 1))
    assert before.assessment == "achieved" and "目标979件" in before.reason
    assert after.assessment != "achieved" and "目标1200件" in after.reason


def test_a_task_not_applicable_or_merged_leaves_every_rollup_and_takes_no_updates(users):
    with time_machine.travel(OVERDUE):
        snapshots_recompute()
        plan_before = RollupSnapshot.objects.get(scope=RollupScope.PLAN, scope_id=0, date=date(2026, 1, 15))
        task = Task.objects.get(code="1.1")
        item_set_scope(item=task, scope=ItemScope.NOT_APPLICABLE, reason="职能划转", reference=DECISION,
                       actor=users["coordinator"], expected_version=task.version)
        other = Task.objects.get(code="1.2")
        item_set_scope(item=other, scope=ItemScope.MERGED, merged_into=Task.objects.get(code="2.1"),
                       reason="内容重复", reference=DECISION, actor=users["coordinator"],
                       expected_version=other.version)
        snapshots_recompute()
    plan_after = RollupSnapshot.objects.get(scope=RollupScope.PLAN, scope_id=0, date=date(2026, 1, 15))
    total = lambda r: r.green + r.yellow + r.red + r.grey  # noqa: E731
    assert total(plan_after) == total(plan_before) - 2
    assert not LightSnapshot.objects.filter(kind=SubjectKind.TASK, date=date(2026, 1, 15),
                                            subject_id__in=[task.pk, other.pk]).exists()
    other.refresh_from_db()
    assert other.merged_into.code == "2.1" and not other.is_active
    with pytest.raises(ValidationError, match="不再接受更新"):
        item_update_status(item=other, status="completed", percent=100, narrative="完成",
                           actor=users["coordinator"], expected_version=other.version)
    with pytest.raises(ValidationError):  # a task cannot be merged into itself or into one that no longer counts
        item_set_scope(item=task, scope=ItemScope.MERGED, merged_into=other, reason="合并", reference=DECISION,
                       actor=users["coordinator"], expected_version=Task.objects.get(code="1.1").version)
    with pytest.raises(ValidationError):  # key projects are not merged
        project = KeyProject.objects.get(number=1)
        item_set_scope(item=project, scope=ItemScope.MERGED, merged_into=other, reason="合并", reference=DECISION,
                       actor=users["coordinator"], expected_version=project.version)


def test_a_task_others_were_merged_into_cannot_leave_the_plan_first(users):
    target = Task.objects.get(code="1.4")
    merged = Task.objects.get(code="1.3")
    item_set_scope(item=merged, scope=ItemScope.MERGED, merged_into=target, reason="合并", reference=DECISION,
                   actor=users["coordinator"], expected_version=merged.version)
    with pytest.raises(ValidationError) as refused:
        item_set_scope(item=target, scope=ItemScope.NOT_APPLICABLE, reason="取消", reference=DECISION,
                       actor=users["coordinator"], expected_version=target.version)
    assert "1.3" in str(refused.value)
    assert Task.objects.get(code="1.4").scope == "active"
