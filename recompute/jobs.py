"""The recomputation as a Celery job: nightly (beat) and shortly after any change (core.jobs.job_soon_once)."""

from celery import shared_task
from django.core.cache import cache

from core.jobs import JOB_RETRY, SNAPSHOTS_RECOMPUTE, pending_key
from recompute.services import snapshots_recompute


@shared_task(name=SNAPSHOTS_RECOMPUTE, **JOB_RETRY)
def snapshots_recompute_job() -> str:
    cache.delete(pending_key(SNAPSHOTS_RECOMPUTE))  # changes made while this runs schedule another run
    return snapshots_recompute().summary()


# The name this job had before the redesign (#15), so that a message queued under it before a deploy still runs.
# Remove after the next release.
shared_task(name="portal.jobs.progress_recompute_job", **JOB_RETRY)(snapshots_recompute_job.run)
