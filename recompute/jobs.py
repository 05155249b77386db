"""The recomputation as a Celery job: nightly (beat) and shortly after any change (core.jobs.job_soon_once)."""

from celery import shared_task
from django.core.cache import cache
from django.db import DatabaseError

from core.jobs import SNAPSHOTS_RECOMPUTE, pending_key
from recompute.services import snapshots_recompute

RETRY = {"autoretry_for": (DatabaseError,), "retry_backoff": True, "retry_backoff_max": 600, "max_retries": 5,
         "acks_late": True}


@shared_task(name=SNAPSHOTS_RECOMPUTE, **RETRY)
def snapshots_recompute_job() -> str:
    cache.delete(pending_key(SNAPSHOTS_RECOMPUTE))  # changes made while this runs schedule another run
    return snapshots_recompute().summary()
