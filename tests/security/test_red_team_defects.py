"""The fourteen defects of the red-team pass (issue 17), each as an attacker or a careless user would meet it:
bad input gets a clear 4xx and changes nothing, user text stays text in every workbook, and credentials end
what they opened."""

import io
import json
import threading
import zipfile
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connections
from django.test import Client
from openpyxl import load_workbook
from openpyxl.worksheet import _read_only

from agencies.api.auth import TokenRateThrottle
from agencies.models import ApiToken
from agencies.services import _token_hash
from core.channels import Channel
from reporting.models import PrefectureReport, ReportItem
from reporting.services import ItemInput, report_save
from tests.factories import PASSWORD, report_of
from workbook.services import ExportFilters
from workbook.writer import export_workbook


@pytest.fixture
def report(period):
    return report_of(period, "昆明市")


def _template(client, report):
    response = client.get(f"/reports/{report.pk}/excel/")
    assert response.status_code == 200
    return response


def _upload(client, report, raw, name="report.xlsx"):
    return client.post(f"/reports/{report.pk}/", {"action": "upload", "workbook": SimpleUploadedFile(name, raw)})


def _with_dimension(raw: bytes, sheet_number: int, dimension: str) -> bytes:
    """The same workbook with one sheet claiming a forged size (<dimension ref=…>)."""
    source, out = zipfile.ZipFile(io.BytesIO(raw)), io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for member in source.infolist():
            data = source.read(member.filename)
            if member.filename == f"xl/worksheets/sheet{sheet_number}.xml":
                text = data.decode()
                start = text.index("<dimension ref=\"") + len("<dimension ref=\"")
                text = text[:start] + dimension + text[text.index("\"", start):]
                data = text.encode()
            target.writestr(member, data)
    return out.getvalue()


def test_1_a_forged_sheet_size_is_read_only_as_far_as_the_template_goes(report, client_for, monkeypatch):
    client = client_for("kunming")
    raw = _template(client, report).content
    cells_read = []
    original = _read_only.ReadOnlyWorksheet._cells_by_row

    def counted(self, *args, **kwargs):
        for row in original(self, *args, **kwargs):
            cells_read.append(len(row))
            yield row

    monkeypatch.setattr(_read_only.ReadOnlyWorksheet, "_cells_by_row", counted)
    for sheet in (1, 2, 3):
        hostile = _with_dimension(raw, sheet, "A1:XFD1048576")
        answer = _upload(client, report, hostile)
        assert answer.status_code in (302, 400)  # its real rows are read (and saved), or refused
        # The template holds a few dozen rows of under ten columns: what is read stays near that, not 17e9 cells.
        assert sum(cells_read) < 5_000 and len(cells_read) < 500, (sheet, sum(cells_read), len(cells_read))
        cells_read.clear()
    # A sheet with more rows than its template had is refused at once, naming the limit.
    book = load_workbook(io.BytesIO(raw))
    items = book["事项进展"]
    for n in range(report.items.count() + 5):
        items.append([f"X{n}", "任务", "多余", "", "", ""])
    buffer = io.BytesIO()
    book.save(buffer)
    refused = _upload(client, report, buffer.getvalue())
    assert refused.status_code == 400 and "行数超过模板" in refused.content.decode()


FORMULAS = ["=HYPERLINK(\"http://evil.example/\",\"点此\")", "=cmd|' /C calc'!A0", "+1+1", "@SUM(1)"]


def test_2_typed_text_is_text_in_the_template_and_survives_a_round_trip(report, users, client_for):
    items = list(report.items.all()[:len(FORMULAS)])
    report_save(report=report, items={item.pk: ItemInput(status="in_progress", narrative=text)
                                      for item, text in zip(items, FORMULAS, strict=True)},
                lines={}, actor=users["kunming"], expected_version=report.version, channel=Channel.PAGE)
    client = client_for("kunming")
    raw = _template(client, report).content
    sheet = load_workbook(io.BytesIO(raw))["事项进展"]
    cells = {row[4].value: row[4].data_type for row in sheet.iter_rows(min_row=2) if row[4].value}
    assert all(cells[text] == "s" for text in FORMULAS), cells  # strings, not formulas
    assert _upload(client, report, raw).status_code == 302  # the same template, re-uploaded unchanged
    kept = dict(ReportItem.objects.filter(pk__in=[i.pk for i in items]).values_list("pk", "narrative"))
    assert sorted(kept.values()) == sorted(FORMULAS)


def test_3_the_exporters_name_is_a_string_on_the_cover(users, tmp_path):
    user = users["coordinator"]
    user.first_name, user.last_name = "=HYPERLINK(\"x\")", ""
    user.save()
    target = tmp_path / "export.xlsx"
    export_workbook(user=user, filters=ExportFilters(year=2025, as_of=date(2026, 1, 5)), target=str(target))
    cover = load_workbook(target)["封面"]
    names = [row[1] for row in cover.iter_rows(min_row=1) if row[0].value == "导出人"]
    assert names[0].value.startswith("=HYPERLINK") and names[0].data_type == "s"


def test_4_control_characters_are_removed_and_the_template_still_downloads(report, users, client_for):
    item = report.items.first()
    report_save(report=report, items={item.pk: ItemInput(status="in_progress", narrative="铃\x07声\x1b[31m")},
                lines={}, actor=users["kunming"], expected_version=report.version, channel=Channel.PAGE)
    assert ReportItem.objects.get(pk=item.pk).narrative == "铃声[31m"
    assert _template(client_for("kunming"), report).status_code == 200


@pytest.mark.parametrize("method, url, body", [
    ("patch", "/api/v1/tasks/4.1/", {"status": "\ud800", "percent": 1, "narrative": "x", "version": 1}),
    ("put", "/api/v1/indicators/I11/allocation/", {"shares": {"\ud800": 1}, "version": 0}),
    ("post", "/api/v1/periods/", {"kind": "\ud800", "year": 2026, "number": 1}),
])
def test_5_a_lone_surrogate_is_a_400(client_for, method, url, body):
    client = client_for("coordinator")
    raw = json.dumps(body)  # json escapes the surrogate as \\ud800, as a hostile client would send it
    answer = getattr(client, method)(url, raw, content_type="application/json")
    assert answer.status_code == 400 and answer.json()["code"] == "parse_error"


def test_6_json_nested_5000_deep_is_a_400(client_for):
    answer = client_for("coordinator").patch("/api/v1/tasks/4.1/", "[" * 5000 + "]" * 5000,
                                             content_type="application/json")
    assert answer.status_code == 400 and answer.json()["code"] == "parse_error"


def test_7_an_if_match_that_is_not_a_version_is_a_400(client_for):
    answer = client_for("fire").patch("/api/v1/tasks/4.1/", {"status": "in_progress", "percent": 1,
                                                             "narrative": "x"},
                                      content_type="application/json", HTTP_IF_MATCH='"²"')
    assert answer.status_code == 400 and "version" in answer.json()["fields"]


@pytest.mark.parametrize("url", ["/tasks/%00/", "/indicators/%00/", "/indicators/%00/allocation/",
                                 "/api/v1/dashboard/map/?measure=indicator&indicator=%00", "/tasks/?q=%00"])
def test_8_a_nul_in_an_address_is_a_400(client_for, url):
    answer = client_for("coordinator").get(url)
    assert answer.status_code == 400


def test_9_page_forms_refuse_or_clean_what_the_database_cannot_hold(report, users, client_for):
    client = client_for("kunming")
    item = report.items.first()
    before = PrefectureReport.objects.get(pk=report.pk).version
    odd_version = client.post(f"/reports/{report.pk}/", {"action": "save", "version": "²",
                                                         f"item-{item.pk}-narrative": "x"})
    assert odd_version.status_code == 400 and PrefectureReport.objects.get(pk=report.pk).version == before
    saved = client.post(f"/reports/{report.pk}/", {"action": "save", "version": before,
                                                   f"item-{item.pk}-status": "in_progress",
                                                   f"item-{item.pk}-narrative": "含\x00空字符"})
    assert saved.status_code == 302 and ReportItem.objects.get(pk=item.pk).narrative == "含空字符"
    tokens = client.post("/agencies/tokens/", {"revoke": "²"})
    assert tokens.status_code == 404
    named = client.post("/agencies/tokens/", {"name": "系统\x00名", "password": "wrong-password"})
    assert named.status_code == 400


@pytest.mark.parametrize("fields", [{"value": "1e999999999"}, {"numerator": "1", "denominator": "1e-999999"}])
def test_10_numbers_beyond_what_a_value_holds_are_refused(report, client_for, fields):
    client = client_for("kunming")
    line = report.indicator_lines.get(indicator__code="I02" if "numerator" in fields else "I11")
    before = PrefectureReport.objects.get(pk=report.pk).version
    answer = client.post(f"/reports/{report.pk}/", {"action": "save", "version": before,
                                                    **{f"line-{line.pk}-{k}": v for k, v in fields.items()}})
    assert answer.status_code == 400 and PrefectureReport.objects.get(pk=report.pk).version == before
    book = load_workbook(io.BytesIO(_template(client, report).content))
    lines = book["指标数值"]
    for row in lines.iter_rows(min_row=2):
        if row[0].value == line.indicator.code:
            for key, value in fields.items():
                row[{"value": 4, "numerator": 5, "denominator": 6}[key]].value = value
    buffer = io.BytesIO()
    book.save(buffer)
    uploaded = _upload(client, report, buffer.getvalue())
    assert uploaded.status_code == 400 and PrefectureReport.objects.get(pk=report.pk).version == before


def test_11_the_template_downloads_as_an_attachment_with_its_name(report, client_for):
    header = _template(client_for("kunming"), report)["Content-Disposition"]
    assert header.startswith("attachment; filename*=utf-8''")
    assert "%E6%98%86%E6%98%8E%E5%B8%82" in header  # 昆明市, percent-encoded as RFC 6266 asks
    header.encode("latin-1")  # nothing raw beyond Latin-1 in the header


def test_12_a_new_password_ends_every_api_token(users):
    user = users["kunming"]
    token = ApiToken.objects.create(user=user, name="t", prefix="x", key_hash=_token_hash("ynp_t12"))
    client = Client()
    assert client.get("/api/v1/tasks/", HTTP_AUTHORIZATION="Bearer ynp_t12").status_code == 200
    user.set_password("a-new-long-passphrase-2026")
    user.save()
    assert client.get("/api/v1/tasks/", HTTP_AUTHORIZATION="Bearer ynp_t12").status_code == 401
    token.refresh_from_db()
    assert token.revoked_at is not None


def test_13_wrong_old_passwords_count_toward_the_lockout(users, settings):
    client = Client()
    client.force_login(users["water"])
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post("/accounts/password/", {"old_password": "guess", "new_password1": "a-new-long-pass-2026",
                                            "new_password2": "a-new-long-pass-2026"})
    locked = Client().post("/accounts/login/", {"username": "water", "password": PASSWORD})
    assert locked.status_code == 429 or "锁定" in locked.content.decode()


@pytest.mark.django_db(transaction=True)
def test_14_parallel_requests_cannot_pass_the_token_rate(users, monkeypatch):
    monkeypatch.setattr(TokenRateThrottle, "THROTTLE_RATES", {"token": "20/min"})
    ApiToken.objects.create(user=users["kunming"], name="t", prefix="x", key_hash=_token_hash("ynp_t14"))
    codes = []

    def hammer():
        client = Client()
        for _ in range(10):
            codes.append(client.get("/api/v1/agencies/", HTTP_AUTHORIZATION="Bearer ynp_t14").status_code)
        connections.close_all()

    threads = [threading.Thread(target=hammer) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert codes.count(200) <= 20 * 2 and codes.count(429) >= 40  # one fixed window, or at most two
