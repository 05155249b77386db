"""Reports over the API (/api/v1/reports/): save under a version, submit, return; the Excel round trip; and evidence
downloads, each prefecture its own."""

import io

from openpyxl import load_workbook

from agencies.models import ApiToken
from agencies.services import _token_hash
from reporting.services import progress_entry_add
from tasks.models import Task
from tests.factories import pdf_file, report_of
from tests.responses import json_of


def test_the_cycle_through_the_api(period, users, client_for):
    report = report_of(period, "昆明市")
    kunming, office = client_for("kunming"), client_for("coordinator")
    body = {"version": 1, "items": [{"id": i.pk, "status": "in_progress", "narrative": "接口填报"}
                                    for i in report.items.all()],
            "indicator_lines": [{"id": report.indicator_lines.get(indicator__code="I11").pk, "value": "6"}]}
    saved = kunming.patch(f"/api/v1/reports/{report.pk}/", body, content_type="application/json")
    assert saved.status_code == 200 and saved.json()["version"] == 2
    stale = kunming.patch(f"/api/v1/reports/{report.pk}/", body, content_type="application/json")
    assert stale.status_code == 409
    assert office.post(f"/api/v1/reports/{report.pk}/submit/").status_code == 403
    assert json_of(kunming.post(f"/api/v1/reports/{report.pk}/submit/"))["status"] == "submitted"
    assert kunming.post(f"/api/v1/reports/{report.pk}/return/", {"reason": "x"}).status_code == 403
    assert office.post(f"/api/v1/reports/{report.pk}/return/", {"reason": ""}).status_code == 400
    returned = json_of(office.post(f"/api/v1/reports/{report.pk}/return/", {"reason": "请补充"}))
    assert returned["status"] == "returned" and returned["return_reason"] == "请补充"


def test_report_excel_and_evidence_through_the_api(period, users, client_for, client):
    report = period.reports.get(prefecture__name="昆明市")
    kunming = client_for("kunming")
    template = kunming.get(f"/api/v1/reports/{report.pk}/excel/")
    assert template.status_code == 200
    book = load_workbook(io.BytesIO(template.content))
    book["事项进展"].cell(2, 5, "接口上传的进展")
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.name = "report.xlsx"
    buffer.seek(0)
    uploaded = kunming.post(f"/api/v1/reports/{report.pk}/excel/", {"workbook": buffer})
    assert uploaded.status_code == 200, uploaded.json()
    assert uploaded.json()["items"][0]["narrative"] == "接口上传的进展"
    bad = kunming.post(f"/api/v1/reports/{report.pk}/excel/", {"workbook": io.BytesIO(b"not a workbook")})
    assert bad.status_code == 400 and "workbook" in bad.json()["fields"]
    assert client_for("dali").get(f"/api/v1/reports/{report.pk}/excel/").status_code == 404

    entry = progress_entry_add(item=Task.objects.get(code="4.1"), narrative="证", actor=users["dali"],
                               files=[pdf_file()])
    evidence = entry.evidence.get()
    ApiToken.objects.create(user=users["kunming"], name="t", prefix="x", key_hash=_token_hash("ynp_k"))
    ApiToken.objects.create(user=users["dali"], name="t", prefix="y", key_hash=_token_hash("ynp_d"))
    assert client.get(f"/api/v1/evidence/{evidence.pk}/", HTTP_AUTHORIZATION="Bearer ynp_k").status_code == 404
    own = client.get(f"/api/v1/evidence/{evidence.pk}/", HTTP_AUTHORIZATION="Bearer ynp_d")
    assert own.status_code == 200 and b"".join(own.streaming_content).startswith(b"%PDF")
