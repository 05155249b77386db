"""Several people saving the same task at the same moment on PostgreSQL (item_update_status): every write lands or
is refused as stale; none is lost silently, and the history has one row per landed write."""

import threading

import pytest
from django.db import connection

from core.errors import StaleVersionError
from reporting.models import ProgressEntry
from reporting.services import item_update_status
from tasks.models import Task
from tests.factories import UserFactory

THREADS = 8


def run_together(editors, save):
    """save(editor, percent) in a thread of its own for each editor (percent 10, 11, …), until all are done."""
    threads = [threading.Thread(target=save, args=(e, 10 + i)) for i, e in enumerate(editors)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)


@pytest.mark.django_db(transaction=True)
def test_simultaneous_updates_on_one_version(plan):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: DATABASE_URL is not set (.ci/run sets it)")
    editors = [UserFactory(username=f"editor{i}") for i in range(THREADS)]
    task = Task.objects.get(code="4.1")
    history_before = task.history.count()
    barrier = threading.Barrier(THREADS)
    outcomes = []

    def save(editor, percent):
        try:
            barrier.wait()
            item_update_status(item=task, status="in_progress", percent=percent, narrative=f"{editor} 的更新",
                               actor=editor, expected_version=1)
            outcomes.append(("landed", percent))
        except StaleVersionError as stale:
            outcomes.append(("stale", stale.item.version))
        finally:
            connection.close()

    run_together(editors, save)
    landed = [p for kind, p in outcomes if kind == "landed"]
    assert len(outcomes) == THREADS
    assert len(landed) == 1 and [v for kind, v in outcomes if kind == "stale"] == [2] * (THREADS - 1)
    task.refresh_from_db()
    assert (task.version, task.percent) == (2, landed[0])
    assert task.history.count() == history_before + 1
    assert ProgressEntry.objects.filter(task=task).count() == 1


@pytest.mark.django_db(transaction=True)
def test_racing_editors_who_retry_on_stale_all_land(plan):
    """Each editor reads the version, saves, and on a stale refusal reads again and retries: all writes land in
    some order, and the history counts every one of them."""
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: DATABASE_URL is not set (.ci/run sets it)")
    editors = [UserFactory(username=f"retry{i}") for i in range(THREADS)]
    task = Task.objects.get(code="4.1")
    history_before = task.history.count()
    barrier = threading.Barrier(THREADS)
    refusals = []

    def save(editor, percent):
        try:
            barrier.wait()
            while True:
                current = Task.objects.get(pk=task.pk)
                try:
                    item_update_status(item=current, status="in_progress", percent=percent, narrative="更新",
                                       actor=editor, expected_version=current.version)
                    return
                except StaleVersionError:
                    refusals.append(editor.username)
        finally:
            connection.close()

    run_together(editors, save)
    task.refresh_from_db()
    assert task.version == 1 + THREADS
    assert task.history.count() == history_before + THREADS
    assert ProgressEntry.objects.filter(task=task).count() == THREADS
