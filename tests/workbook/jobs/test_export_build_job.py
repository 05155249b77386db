"""export_build_job on a real Celery worker over Redis: the workbook is written and the job reports it."""

import pytest
from openpyxl import load_workbook

from tests.celery_helpers import worker_on
from tests.workbook import AS_OF, SHEETS
from workbook.models import Export
from workbook.writer import ExportFilters


@pytest.mark.django_db(transaction=True)
def test_background_export_on_a_real_worker_over_redis(users, redis_url):
    export = Export.objects.create(user=users["leader"], filters=ExportFilters(year=2025, as_of=AS_OF).as_json(),
                                   rows_total=10)
    with worker_on(redis_url, results=True) as app:
        summary = app.tasks["workbook.jobs.export_build_job"].delay(export.pk).get(timeout=120)
    export.refresh_from_db()
    assert summary.startswith(f"export={export.pk} status=done")
    assert export.status == "done" and load_workbook(export.file).sheetnames == SHEETS
