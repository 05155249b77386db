"""Export services: a background export is queued on commit, reports its progress, is built once, and expires."""

import time_machine

from tests.workbook import AS_OF
from workbook.models import Export
from workbook.services import export_build, export_request, exports_remove_expired
from workbook.writer import ExportFilters


def test_background_export_reports_progress_and_expires(evaluated, django_capture_on_commit_callbacks, sent_jobs):
    with django_capture_on_commit_callbacks(execute=True):
        export = export_request(user=evaluated["coordinator"], background=True,
                                filters=ExportFilters(year=2025, as_of=AS_OF))
    queued = [job["args"][0] for job in sent_jobs["workbook.jobs.export_build_job"]]
    assert queued == [export.pk] and export.status == "pending" and export.rows_total > 0
    done = export_build(export_id=export.pk)
    assert done.status == "done" and done.rows_written == done.rows_total and done.percent == 100
    assert export_build(export_id=export.pk).finished_at == done.finished_at  # a rerun leaves it as it is
    with time_machine.travel("2030-01-01 00:00 +0800"):
        assert exports_remove_expired() == 1
    assert not Export.objects.exists()
