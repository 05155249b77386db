"""The allocation's Excel round trip (indicators.excel): the template downloaded from the page, and an upload that
saves every share or nothing, following the report upload's rules."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from indicators.models import Allocation
from tests.factories import RESERVOIRS, even_split, prefectures


def test_excel_import_saves_everything_or_nothing(users, client_for):
    client = client_for("coordinator")
    url = f"/indicators/{RESERVOIRS}/allocation/"
    template = client.get(url, {"format": "xlsx"})
    assert template.status_code == 200
    book = load_workbook(io.BytesIO(template.content))
    sheet = book["目标分配"]
    assert [c.value for c in sheet[1]] == ["州市代码", "州市", "分配目标值"] and sheet.max_row == 17
    split = {p.code: v for p, v in even_split().items()}
    for row in sheet.iter_rows(min_row=2):
        row[2].value = int(split[row[0].value])

    def upload(workbook, **extra):
        buffer = io.BytesIO()
        workbook.save(buffer)
        file = SimpleUploadedFile("分配.xlsx", buffer.getvalue())
        return client.post(url, {"action": "upload", "workbook": file, "version": 0} | extra)

    sheet["C3"] = "很多"
    sheet["A4"] = "999999"
    bad = upload(book)
    text = bad.content.decode()
    assert bad.status_code == 400 and "第3行" in text and "分配目标值" in text and "999999" in text
    assert not Allocation.objects.exists()
    sheet["C3"], sheet["A4"] = int(split[sheet["A3"].value]), prefectures()[2].code
    assert upload(book).status_code == 302
    assert sum(Allocation.objects.get().shares.values_list("target_value", flat=True)) == 979
    assert Allocation.objects.get().history.get().history_change_reason == "excel"
    stale = upload(book)  # made from the page read before the first upload landed
    # the template carries the version it was made from (0): refused, saying who saved since, nothing changed
    assert stale.status_code == 400 and "刷新页面" in stale.content.decode()
    assert "未保存：在您所依据的版本（第0版）之后，该分配已被再次保存，保存人：" in stale.content.decode()
    assert "coordinator" in stale.content.decode() and Allocation.objects.get().version == 1
    not_xlsx = client.post(url, {"action": "upload", "version": 1,
                                 "workbook": SimpleUploadedFile("a.csv", b"1,2")})
    assert not_xlsx.status_code == 400 and Allocation.objects.get().version == 1
