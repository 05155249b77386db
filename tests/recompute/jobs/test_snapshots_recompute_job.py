"""The recomputation and reminder jobs (recompute.jobs, reminders.jobs) on a real Celery worker over Redis."""

import pytest
import time_machine

from notifications.models import Notification
from snapshots.models import LightSnapshot
from tests.celery_helpers import worker_on
from tests.factories import status_set, task_snapshot

AFTER_DEADLINE = "2026-01-05 10:00 +0800"


@pytest.mark.django_db(transaction=True)
def test_jobs_on_a_real_worker_over_redis(users, redis_url):
    status_set("4.1", actor=users["coordinator"], percent=90)
    with worker_on(redis_url, results=True) as app, time_machine.travel(AFTER_DEADLINE):
        summary = app.tasks["recompute.jobs.snapshots_recompute_job"].delay().get(timeout=60)
        assert summary.startswith("date=2026-01-05") and LightSnapshot.objects.filter(date="2026-01-05").exists()
        assert task_snapshot("4.1").light == "red"
        first = app.tasks["reminders.jobs.reminders_send_job"].delay().get(timeout=60)
        second = app.tasks["reminders.jobs.reminders_send_job"].delay().get(timeout=60)
    # The first run issues 督办单 (4.1 is overdue); the second issues and mails nothing more.
    assert "issued=0" not in first and "issued=0" in second and "digests=0 emailed=0" in second
    assert Notification.objects.filter(user=users["fire"], key__startswith="notice:", title__contains="红色督办单"
                                       ).count() == 1
