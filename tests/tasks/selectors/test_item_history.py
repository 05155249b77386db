"""item_history: every recorded change of an item, who made it, and each field's old and new value as shown."""

from django.utils import translation

from reporting.services import completion_verify
from tasks.models import Task
from tasks.selectors import item_history
from tests.factories import UserFactory, status_set


def test_history_shows_who_changed_what(users):
    status_set("4.1", actor=users["fire"], percent=40, narrative="已完成方案编制")
    status_set("4.1", actor=users["coordinator"], status="completed", percent=100, narrative="已完成方案编制")
    with translation.override("zh-hans"):
        changes = [(h.user, h.changes) for h in item_history(item=Task.objects.get(code="4.1")) if h.user]
    assert changes[-1][0] == users["coordinator"]
    assert ("状态", "推进中", "待销号审核") in changes[-1][1]  # a completion request
    task = Task.objects.get(code="4.1")
    verifier = UserFactory(username="coordinator2")
    completion_verify(item=task, actor=verifier, expected_version=task.version)
    with translation.override("zh-hans"):
        changes = [(h.user, h.changes) for h in item_history(item=Task.objects.get(code="4.1")) if h.user]
    assert changes[-1] == (verifier, [("状态", "待销号审核", "已完成")])
