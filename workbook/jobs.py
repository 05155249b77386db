"""Workbooks built in the background, and old files removed."""

import logging

from celery import shared_task

from core.jobs import JOB_RETRY
from workbook.services import export_build, exports_remove_expired

logger = logging.getLogger(__name__)


@shared_task(**JOB_RETRY)
def export_build_job(export_id: int) -> str:
    export = export_build(export_id=export_id)
    return f"export={export.pk} status={export.status} rows={export.rows_written}"


@shared_task(**JOB_RETRY)
def exports_remove_expired_job() -> str:
    removed = exports_remove_expired()
    logger.info("exports_remove_expired removed=%d", removed)
    return f"removed={removed}"


# The names these jobs had before the redesign (#15), so that a message queued under them before a deploy (an
# export someone is waiting for) still runs. Remove after the next release.
shared_task(name="portal.jobs.export_build_job", **JOB_RETRY)(export_build_job.run)
shared_task(name="portal.jobs.exports_remove_expired_job", **JOB_RETRY)(exports_remove_expired_job.run)
