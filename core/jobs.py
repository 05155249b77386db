"""Jobs scheduled by name once the transaction commits: a domain app triggers an aggregate's job (the nightly
recomputation, say) without importing the module above it, as Zulip's queue_event_on_commit does."""

from celery import current_app
from django.core.cache import cache
from django.db import DatabaseError, transaction

# How every job retries: a database that is briefly away (a restart, a failover) is waited for, not reported.
JOB_RETRY = {"autoretry_for": (DatabaseError,), "retry_backoff": True, "retry_backoff_max": 600, "max_retries": 5,
             "acks_late": True}
# Jobs that a change schedules; the aggregates define them (and the beat schedule names them the same way).
SNAPSHOTS_RECOMPUTE = "recompute.jobs.snapshots_recompute_job"


def pending_key(name: str) -> str:
    return f"job-pending:{name}"


def job_on_commit(name: str, *, args: tuple = (), countdown: int | None = None) -> None:
    """Send the job after the commit, so the worker reads what this transaction wrote (or nothing, on rollback)."""
    transaction.on_commit(lambda: current_app.send_task(name, args=args, countdown=countdown))


def job_soon_once(name: str, *, delay_seconds: int = 30) -> None:
    """One run of the job shortly after the commit, however many changes ask for it meanwhile. The job deletes
    `pending_key(name)` when it starts, so changes made while it runs schedule another run."""
    def schedule():
        if cache.add(pending_key(name), 1, timeout=delay_seconds * 4):
            current_app.send_task(name, countdown=delay_seconds)

    transaction.on_commit(schedule)


def snapshots_recompute_soon() -> None:
    """After a change that moves a light: the snapshots are recomputed shortly after the commit."""
    job_soon_once(SNAPSHOTS_RECOMPUTE)
