"""The recomputation as a Celery job: nightly (beat) and shortly after any change (core.jobs.job_soon_once)."""

from celery import shared_task
from django.core.cache import cache

from core.jobs import JOB_RETRY, SNAPSHOTS_RECOMPUTE, pending_key
from recompute.services import snapshots_recompute


@shared_task(name=SNAPSHOTS_RECOMPUTE, **JOB_RETRY)
def snapshots_recompute_job() -> str:
    cache.delete(pending_key(SNAPSHOTS_RECOMPUTE))  # changes made while this runs schedule another run
    return snapshots_recompute().summary()
