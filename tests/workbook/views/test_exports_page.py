"""The exports page (/exports/): a small workbook is built at once, and each user lists and downloads only their
own."""

import io

from openpyxl import load_workbook

from tests.workbook import UNIT_SHEETS
from workbook.models import Export


def test_request_builds_small_exports_at_once_and_lists_them_per_user(evaluated, client_for):
    client = client_for("water")
    response = client.post("/exports/", {"year": 2025, "as_of": "2026-01-05"})
    export = Export.objects.get(user=evaluated["water"])
    assert response.status_code == 302 and response.url.endswith(f"/exports/{export.pk}/download/")
    download = client.get(response.url)
    assert download.status_code == 200
    assert load_workbook(io.BytesIO(b"".join(download.streaming_content))).sheetnames == UNIT_SHEETS
    assert export.size > 0 and export.description.startswith("年度:2025")
    assert client_for("kunming").get(response.url).status_code == 404  # another user's workbook
    bad = client.post("/exports/", {"year": 1999, "as_of": "2099-01-01"})
    assert bad.status_code == 400 and Export.objects.count() == 1
