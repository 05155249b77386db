"""A saved status update shows the item's own light at once (recompute.services.item_light_refresh, handed to the
progress panel and the API by the composition root); roll-ups wait for the debounced run."""

import time_machine

from projects.models import KeyProject
from recompute.services import snapshots_recompute
from snapshots.models import LightSnapshot, RollupScope, RollupSnapshot, SubjectKind
from tasks.models import Task
from tests.responses import json_of

DAY = "2025-06-02 09:00 +0800"


def light_of(kind, item, day="2025-06-02"):
    return LightSnapshot.objects.filter(date=day, kind=kind, subject_id=item.pk).first()


def test_a_saved_status_shows_its_own_light_at_once(users, client_for):
    task = Task.objects.get(code="4.1")
    with time_machine.travel(DAY):
        snapshots_recompute()
        before = light_of(SubjectKind.TASK, task)
        plan_before = RollupSnapshot.objects.get(date="2025-06-02", scope=RollupScope.PLAN, scope_id=0)
        response = client_for("fire").post("/tasks/4.1/", {
            "action": "status", "status": "completed", "percent": 100, "narrative": "全部建成",
            "version": task.version})
        assert response.status_code == 302
        after = light_of(SubjectKind.TASK, task)
        # Asked to be completed: judged as in progress (at 100% on pace: green) until verified.
        assert before.light != "green" and after.light == "green" and after.reason.startswith("办结申请待销号审核")
        task.refresh_from_db()
        assert client_for("coordinator").post("/tasks/4.1/", {"action": "completion", "decision": "verify",
                                                              "version": task.version}).status_code == 302
        after = light_of(SubjectKind.TASK, task)
        assert (after.light, after.reason) == ("green", "已完成")
        responsibilities = LightSnapshot.objects.filter(date="2025-06-02", kind=SubjectKind.TASK_RESPONSIBILITY,
                                                        subject_id__in=task.responsibilities.values("pk"))
        assert {row.light for row in responsibilities} == {"green"}
        plan_after = RollupSnapshot.objects.get(date="2025-06-02", scope=RollupScope.PLAN, scope_id=0)
        assert (plan_after.green, plan_after.progress) == (plan_before.green, plan_before.progress)  # still waiting

        project = KeyProject.objects.get(number=1)
        body = json_of(client_for("coordinator").patch("/api/v1/key-projects/1/", {
            "status": "completed", "percent": 100, "narrative": "建成", "version": project.version},
            content_type="application/json"))
        assert body["light"]["light"] == "green" == light_of(SubjectKind.KEY_PROJECT, project).light


def test_no_lone_row_for_a_day_without_a_snapshot(users, client_for):
    task = Task.objects.get(code="4.1")
    with time_machine.travel(DAY):
        snapshots_recompute()
    with time_machine.travel("2025-06-03 09:00 +0800"):
        response = client_for("fire").post("/tasks/4.1/", {
            "action": "status", "status": "in_progress", "percent": 70, "narrative": "推进", "version": task.version})
        assert response.status_code == 302
    # a lone row would make 06-03 the newest day, and every other task would look uncomputed
    assert not LightSnapshot.objects.filter(date="2025-06-03").exists()
    assert light_of(SubjectKind.TASK, task).light  # the day before is left as it was judged
