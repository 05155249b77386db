"""结转: the office gives unfinished items a new deadline toward 2035 in one action, each through a plan revision
(the original kept); anything refused changes nothing."""

import re
from datetime import date

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError

from evaluation.final import ItemOutcome, final_evaluation
from evaluation.services import items_carry_over
from revisions.models import PlanRevision
from tasks.models import Task
from tests.factories import completion_verified
from tests.responses import element, html_of

TODAY = "2026-12-02 09:00 +0800"
REASON, REFERENCE = "纳入“十五五”规划继续推进", "云应急发〔2026〕30号 2026-11-20"


def test_unfinished_items_get_a_new_deadline_each_through_a_revision(users):
    with time_machine.travel(TODAY):
        tasks = list(Task.objects.filter(code__in=["1.1", "2.1"]).order_by("code"))
        revisions = items_carry_over(items=tasks, deadline=date(2027, 12, 31), reason=REASON, reference=REFERENCE,
                                     actor=users["coordinator"])
        assert [r.old_value for r in revisions] == ["2025-12-31", "2025-12-31"]  # the originals kept
        assert set(Task.objects.filter(code__in=["1.1", "2.1"]).values_list("deadline", flat=True)) == {
            date(2027, 12, 31)}
        result = next(r for r in final_evaluation().items if getattr(r.item, "code", "") == "1.1")
    assert result.outcome == ItemOutcome.NOT_COMPLETED and "调整至2027-12-31" in result.note


def test_nothing_is_carried_over_before_the_plan_period_ends(users):
    with time_machine.travel("2025-06-01 09:00 +0800"), pytest.raises(ValidationError, match="规划期结束后"):
        items_carry_over(items=[Task.objects.get(code="1.1")], deadline=date(2027, 12, 31), reason=REASON,
                         reference=REFERENCE, actor=users["coordinator"])
    assert not PlanRevision.objects.exists()


@pytest.mark.parametrize("deadline", [date(2026, 11, 30), date(2036, 1, 1)])
def test_a_deadline_in_the_past_or_beyond_2035_is_refused(users, deadline):
    with time_machine.travel(TODAY), pytest.raises(ValidationError) as refused:
        items_carry_over(items=[Task.objects.get(code="1.1")], deadline=deadline, reason=REASON,
                         reference=REFERENCE, actor=users["coordinator"])
    assert "deadline" in refused.value.message_dict and not PlanRevision.objects.exists()


def test_one_finished_item_refuses_the_whole_action_and_a_unit_may_not(users):
    with time_machine.travel("2025-11-01 09:00 +0800"):
        completion_verified("4.1", actor=users["fire"], verifier=users["coordinator"])
    with time_machine.travel(TODAY):
        items = list(Task.objects.filter(code__in=["1.1", "4.1"]))
        with pytest.raises(ValidationError) as refused:
            items_carry_over(items=items, deadline=date(2027, 12, 31), reason=REASON, reference=REFERENCE,
                             actor=users["coordinator"])
        assert "4.1" in refused.value.message_dict["items"][0]
        with pytest.raises(PermissionDenied):
            items_carry_over(items=items[:1], deadline=date(2027, 12, 31), reason=REASON, reference=REFERENCE,
                             actor=users["fire"])
    assert not PlanRevision.objects.exists()


def test_the_office_carries_over_from_the_final_evaluation_page(users, client_for):
    client = client_for("coordinator")
    task = Task.objects.get(code="1.1")
    with time_machine.travel(TODAY):
        page = html_of(client.get("/evaluation/final/?outcome=not_completed"))
        assert f'value="task:{task.pk}" form="carry-over"' in page
        # no reason: refused with a message, the ticked box kept, nothing changed
        refused = client.post("/evaluation/final/carry-over/", {"items": [f"task:{task.pk}"],
                                                                "deadline": "2027-12-31", "reference": REFERENCE})
        assert refused.status_code == 400
        html = refused.content.decode()
        assert "请填写调整理由" in element(html, "carry-over-errors")
        assert re.search(rf'value="task:{task.pk}" form="carry-over"[^>]* checked>', html)
        assert not PlanRevision.objects.exists()
        done = client.post("/evaluation/final/carry-over/", {"items": [f"task:{task.pk}"], "deadline": "2027-12-31",
                                                             "reason": REASON, "reference": REFERENCE})
        assert done.status_code == 302
    assert Task.objects.get(code="1.1").deadline == date(2027, 12, 31)
    assert client_for("leader").post("/evaluation/final/carry-over/", {}).status_code == 403
