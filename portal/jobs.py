"""Scheduled jobs of the progress engine: recomputation (nightly, and shortly after changes) and reminders."""

import logging

from celery import shared_task
from django.core.cache import cache
from django.db import DatabaseError, transaction

from portal.progress import progress_recompute
from portal.reminders import reminders_send

logger = logging.getLogger(__name__)
RECOMPUTE_PENDING = "progress-recompute-pending"
RETRY = {"autoretry_for": (DatabaseError,), "retry_backoff": True, "retry_backoff_max": 600, "max_retries": 5,
         "acks_late": True}


@shared_task(**RETRY)
def progress_recompute_job() -> str:
    cache.delete(RECOMPUTE_PENDING)  # changes made while this runs schedule another run
    return progress_recompute().summary()


@shared_task(**RETRY)
def reminders_send_job() -> str:
    return reminders_send().summary()


def progress_recompute_soon(delay_seconds: int = 30) -> None:
    """After a change: one recomputation shortly after the commit, however many changes arrive meanwhile."""
    def schedule():
        if cache.add(RECOMPUTE_PENDING, 1, timeout=delay_seconds * 4):
            progress_recompute_job.apply_async(countdown=delay_seconds)

    transaction.on_commit(schedule)


@shared_task(**RETRY)
def export_build_job(export_id: int) -> str:
    from portal.exports import export_build

    export = export_build(export_id=export_id)
    return f"export={export.pk} status={export.status} rows={export.rows_written}"


@shared_task(**RETRY)
def exports_remove_expired_job() -> str:
    from portal.exports import exports_remove_expired

    removed = exports_remove_expired()
    logger.info("exports_remove_expired removed=%d", removed)
    return f"removed={removed}"
