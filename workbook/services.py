"""Writes of exports: ask for one (built now when small, by a background job otherwise), build it, clean up."""

import logging
import os
from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext

from agencies.models import User
from audit.models import AuditEvent
from audit.services import audit_record
from core.jobs import job_on_commit
from workbook.models import Export, ExportStatus
from workbook.writer import ExportFilters, export_size, export_workbook

logger = logging.getLogger(__name__)


def export_dir():
    path = settings.EXPORT_ROOT
    path.mkdir(parents=True, exist_ok=True)
    return path


def export_request(*, user: User, filters: ExportFilters, background: bool | None = None) -> Export:
    """Record the request; small exports are built at once, large ones (or when asked) by export_build_job."""
    total = export_size(user=user, filters=filters)
    export = Export.objects.create(user=user, filters=filters.as_json(), description=filters.describe(),
                                   rows_total=total)
    audit_record(AuditEvent.EXPORT, user=user, object=f"export #{export.pk}", detail=f"requested; {export.description}")
    if background is None:
        background = total > settings.EXPORT_SYNC_MAX_ROWS
    if background:
        # By name: the job module imports this one. A queue that cannot be reached fails the export at once,
        # rather than leaving it waiting for a worker that will never hear of it.
        job_on_commit("workbook.jobs.export_build_job", args=(export.pk,),
                      on_failure=lambda: _export_not_queued(export.pk))
        export.refresh_from_db()  # outside a transaction the job was sent (or failed) already
    else:
        export_build(export_id=export.pk)
        export.refresh_from_db()
    return export


def _export_not_queued(export_id: int) -> None:
    Export.objects.filter(pk=export_id, status=ExportStatus.PENDING).update(
        status=ExportStatus.FAILED, finished_at=timezone.now(),
        error=gettext("The background queue cannot be reached; ask for the export again later."))


def export_build(*, export_id: int) -> Export:
    """Write the workbook; idempotent (a finished export is left as it is), progress saved as rows are written."""
    claimed = Export.objects.filter(pk=export_id, status__in=[ExportStatus.PENDING, ExportStatus.FAILED]).update(
        status=ExportStatus.RUNNING, rows_written=0, error="")
    export = Export.objects.select_related("user").get(pk=export_id)
    if not claimed:
        return export
    path = export_dir() / f"export-{export.pk}.xlsx"

    def progress(rows):
        Export.objects.filter(pk=export.pk).update(rows_written=rows)

    try:
        rows = export_workbook(user=export.user, filters=ExportFilters.from_json(export.filters), target=str(path),
                               progress=progress)
    except Exception as error:
        # Recorded for the user's list, then re-raised so the job fails visibly and may be retried.
        Export.objects.filter(pk=export.pk).update(status=ExportStatus.FAILED, error=str(error)[:2000])
        raise
    Export.objects.filter(pk=export.pk).update(status=ExportStatus.DONE, file=str(path), size=path.stat().st_size,
                                               rows_written=rows, rows_total=rows,
                                               finished_at=timezone.now())
    logger.info("export_build export=%d rows=%d bytes=%d", export.pk, rows, path.stat().st_size)
    export.refresh_from_db()
    return export


def exports_remove_expired(*, now=None) -> int:
    """Delete finished files older than EXPORT_KEEP_HOURS, and their rows."""
    cutoff = (now or timezone.now()) - timedelta(hours=settings.EXPORT_KEEP_HOURS)
    expired = list(Export.objects.filter(created_at__lt=cutoff).values_list("pk", "file"))
    for _pk, path in expired:
        if path and os.path.exists(path):
            os.remove(path)
    Export.objects.filter(pk__in=[pk for pk, _ in expired]).delete()
    return len(expired)
