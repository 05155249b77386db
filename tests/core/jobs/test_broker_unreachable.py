"""A save whose follow-up job cannot be queued (the broker down) stands and answers normally; the failure is logged
once, and the next change tries to queue again (core.jobs)."""

import contextlib
import logging

import pytest
from celery import Celery, current_app
from django.core.cache import cache

from core.jobs import SNAPSHOTS_RECOMPUTE, pending_key
from tasks.models import Task
from workbook.models import Export


@contextlib.contextmanager
def broker_unreachable():
    """A Celery app whose broker is a closed port is the current one while the block runs: Redis down, as the
    portal's processes would meet it (no retry delay, so the test does not wait)."""
    app = Celery("broker-down", set_as_current=False)
    app.conf.update(broker_url="redis://127.0.0.1:1/0", task_publish_retry=False, broker_connection_retry=False,
                    broker_connection_timeout=1)
    previous = current_app._get_current_object()
    app.set_current()
    try:
        yield
    finally:
        previous.set_current()


def not_queued(caplog) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.name == "core.jobs" and "not queued" in r.getMessage()]


@pytest.mark.django_db(transaction=True)  # the change commits, so its on-commit job is sent for real
def test_a_status_saved_while_the_broker_is_down_stands(users, client_for, caplog):
    cache.delete(pending_key(SNAPSHOTS_RECOMPUTE))
    task = Task.objects.get(code="4.1")
    caplog.set_level(logging.WARNING, logger="core.jobs")
    with broker_unreachable():
        response = client_for("fire").post("/tasks/4.1/", {
            "action": "status", "status": "in_progress", "percent": 40, "narrative": "队伍建设推进",
            "version": task.version})
    assert response.status_code == 302
    task.refresh_from_db()
    assert (task.percent, task.version) == (40, 2)
    assert len(not_queued(caplog)) == 1 and SNAPSHOTS_RECOMPUTE in not_queued(caplog)[0]
    assert cache.get(pending_key(SNAPSHOTS_RECOMPUTE)) is None  # the next change asks again


@pytest.mark.django_db(transaction=True)
def test_an_api_status_update_while_the_broker_is_down_answers_normally(users, client_for, caplog):
    cache.delete(pending_key(SNAPSHOTS_RECOMPUTE))
    task = Task.objects.get(code="4.1")
    with broker_unreachable():
        response = client_for("fire").patch("/api/v1/tasks/4.1/", {
            "status": "in_progress", "percent": 50, "narrative": "推进", "version": task.version},
            content_type="application/json")
    assert response.status_code == 200 and response.json()["percent"] == 50
    assert len(not_queued(caplog)) == 1


@pytest.mark.django_db(transaction=True)
def test_a_background_export_that_cannot_be_queued_fails_at_once_with_a_reason(users, client_for, caplog):
    with broker_unreachable():
        response = client_for("leader").post("/api/v1/exports/", {"year": 2025, "as_of": "2026-01-05"})
    assert response.status_code == 202 and response.json()["status"] == "failed"  # what the row says, at once
    export = Export.objects.get(pk=response.json()["id"])
    assert export.status == "failed" and export.error == "后台任务队列暂时无法连接，请稍后重新导出。"
