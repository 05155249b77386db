"""Jobs scheduled by name once the transaction commits: a domain app triggers an aggregate's job (the nightly
recomputation, say) without importing the module above it, as Zulip's queue_event_on_commit does.

The broker and the cache are outside the project: when they cannot be reached, the save that asked for a job
stands, the failure is logged once, and the job's work is picked up later (the nightly recomputation, or the
caller's own fallback)."""

import logging
from collections.abc import Callable

from celery import current_app
from django.core.cache import cache
from django.db import DatabaseError, transaction
from kombu.exceptions import OperationalError
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

# How every job retries: a database that is briefly away (a restart, a failover) is waited for, not reported.
JOB_RETRY = {"autoretry_for": (DatabaseError,), "retry_backoff": True, "retry_backoff_max": 600, "max_retries": 5,
             "acks_late": True}
# Jobs that a change schedules; the aggregates define them (and the beat schedule names them the same way).
SNAPSHOTS_RECOMPUTE = "recompute.jobs.snapshots_recompute_job"
IMMEDIATE_MAIL = "notifications.jobs.immediate_mail_job"
PROBLEMS_COLLECT = "problems.jobs.problems_collect_job"
# What a broker or cache that is down or unreachable raises.
UNREACHABLE = (OperationalError, RedisError, OSError)


def pending_key(name: str) -> str:
    return f"job-pending:{name}"


def _send(name: str, *, args: tuple = (), countdown: int | None = None) -> bool:
    try:
        current_app.send_task(name, args=args, countdown=countdown)
    except UNREACHABLE as error:
        logger.warning("job %s%s not queued, the broker is unreachable: %s", name, args or "", error)
        return False
    return True


def job_on_commit(name: str, *, args: tuple = (), countdown: int | None = None,
                  on_failure: Callable[[], None] | None = None) -> None:
    """Send the job after the commit, so the worker reads what this transaction wrote (or nothing, on rollback);
    `on_failure` runs when it cannot be queued (e.g. to mark what waits for it as failed)."""
    def send():
        if not _send(name, args=args, countdown=countdown) and on_failure is not None:
            on_failure()

    transaction.on_commit(send)


def job_soon_once(name: str, *, delay_seconds: int = 30) -> None:
    """One run of the job shortly after the commit, however many changes ask for it meanwhile. The job deletes
    `pending_key(name)` when it starts, so changes made while it runs schedule another run."""
    def schedule():
        try:
            if not cache.add(pending_key(name), 1, timeout=delay_seconds * 4):
                return
        except UNREACHABLE as error:
            logger.warning("job %s not scheduled, the cache is unreachable: %s", name, error)
            return
        if not _send(name, countdown=delay_seconds):
            cache.delete(pending_key(name))  # the next change tries again

    transaction.on_commit(schedule)


def snapshots_recompute_soon() -> None:
    """After a change that moves a light: the snapshots are recomputed shortly after the commit."""
    job_soon_once(SNAPSHOTS_RECOMPUTE)
