"""bulletin_build_job on a real Celery worker over Redis: an issued bulletin's Word and PDF are written (LibreOffice
in the worker), the PDF's text reads back, and the page offers both."""

import io

import pytest
import time_machine
from docx import Document
from pypdf import PdfReader

from bulletins.services import bulletin_approve, bulletin_draft, bulletin_issue
from tests.celery_helpers import worker_on
from tests.factories import activity_seeded


@pytest.mark.django_db(transaction=True)
def test_an_issued_bulletin_is_written_to_word_and_pdf_by_the_worker(users, redis_url, client_for, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    activity_seeded(users)
    office = users["coordinator"]
    with time_machine.travel("2026-01-10 09:00 +0800"):
        draft = bulletin_draft(kind="year", year=2025, number=1, actor=office)
        approved = bulletin_approve(bulletin=draft, actor=office, expected_version=draft.version)
        issued = bulletin_issue(bulletin=approved, actor=office, expected_version=approved.version)
    with worker_on(redis_url, results=True) as app:
        summary = app.tasks["bulletins.jobs.bulletin_build_job"].delay(issued.pk).get(timeout=180)
    issued.refresh_from_db()
    assert summary == f"bulletin={issued.pk} build=done" and issued.build_percent == 100
    kunming = client_for("kunming")
    word = kunming.get(f"/bulletins/{issued.pk}/file/word/")
    paragraphs = Document(io.BytesIO(b"".join(word.streaming_content))).paragraphs
    assert "2025年度应急体系规划实施情况通报" in [p.text for p in paragraphs]
    pdf = kunming.get(f"/bulletins/{issued.pk}/file/pdf/")
    assert pdf["Content-Type"] == "application/pdf" and "filename*=utf-8''" in pdf["Content-Disposition"]
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(b"".join(pdf.streaming_content))).pages)
    assert "2025年度应急体系规划实施情况通报" in text.replace(" ", "").replace("\n", "")
    assert "云应急规通〔2026〕1号" in text.replace(" ", "").replace("\n", "")
