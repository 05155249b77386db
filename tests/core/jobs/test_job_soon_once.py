"""Jobs sent by name on commit (core.jobs): many changes in a moment schedule one recomputation."""

from django.core.cache import cache

from core.jobs import SNAPSHOTS_RECOMPUTE, pending_key
from tests.factories import status_set


def test_a_change_schedules_one_recomputation(users, django_capture_on_commit_callbacks, sent_jobs):
    cache.delete(pending_key(SNAPSHOTS_RECOMPUTE))
    with django_capture_on_commit_callbacks(execute=True):
        status_set("4.1", actor=users["coordinator"], percent=10)
        status_set("4.1", actor=users["coordinator"], percent=20)
    scheduled = [{"countdown": job["countdown"]} for job in sent_jobs.get(SNAPSHOTS_RECOMPUTE, [])]
    assert scheduled == [{"countdown": 30}]
