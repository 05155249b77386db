"""Allocating a provincial target to prefectures: shares of a count add up (or the allocation is partial with a
reason), the difference is named, the Excel import follows the report upload's rules, each prefecture sees its
own target and light in its report, and the province's figure is the roll-up of the prefectures'."""

import io
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from agencies.models import Agency
from indicators.models import Allocation, AllocationShare, Indicator
from indicators.services import allocation_save
from reporting.models import PrefectureReport
from reporting.selectors import prefecture_values
from reporting.services import ItemInput, LineInput, period_open, report_save, report_submit

RESERVOIRS = "I11"  # 979 small reservoirs, a count every prefecture reports


def prefectures():
    return list(Agency.objects.prefectures().order_by("order"))


def even_split(total=979):
    """979 over 16 prefectures: 61 each and the remainder to the first."""
    places = prefectures()
    shares = {p: Decimal(total // len(places)) for p in places}
    shares[places[0]] += total - sum(shares.values())
    return shares


def save(users, shares, *, partial=False, reason="", version=0, code=RESERVOIRS, actor="coordinator"):
    return allocation_save(indicator=Indicator.objects.get(code=code), shares=shares, is_partial=partial,
                           partial_reason=reason, actor=users[actor], expected_version=version)


def test_a_count_allocation_must_add_up_and_the_refusal_names_the_difference(users):
    shares = even_split()
    shares[prefectures()[1]] -= 29
    with pytest.raises(ValidationError) as refused:
        save(users, shares)
    message = " ".join(refused.value.messages)
    assert "950" in message and "29" in message and "979" in message
    assert not Allocation.objects.exists() and not AllocationShare.objects.exists()
    with pytest.raises(ValidationError) as no_reason:
        save(users, shares, partial=True)
    assert "partial_reason" in no_reason.value.message_dict
    allocation = save(users, shares, partial=True, reason="两州市尚待核定")
    assert allocation.is_partial and allocation.shares.count() == 16 and allocation.version == 1


def test_an_allocation_that_adds_up_is_saved_and_replaced_whole(users):
    allocation = save(users, even_split())
    assert sum(allocation.shares.values_list("target_value", flat=True)) == 979
    kunming = Agency.objects.get(name="昆明市")
    changed = even_split() | {kunming: None, prefectures()[1]: even_split()[prefectures()[1]] + even_split()[kunming]}
    allocation = save(users, changed, version=1)
    assert allocation.version == 2 and not allocation.shares.filter(prefecture=kunming).exists()
    from core.errors import StaleVersionError

    with pytest.raises(StaleVersionError):
        save(users, even_split(), version=1)
    assert Allocation.objects.get().version == 2


def test_only_coordinators_allocate_and_only_prefecture_counts_and_rates(users):
    with pytest.raises(PermissionDenied):
        save(users, even_split(), actor="water")
    with pytest.raises(ValidationError):  # I03 (aviation arrival time) is not reported by prefectures
        save(users, {prefectures()[0]: Decimal(2)}, code="I03")
    with pytest.raises(ValidationError) as bad:
        save(users, even_split() | {prefectures()[0]: Decimal("-1")})
    assert f"share-{prefectures()[0].pk}" in bad.value.message_dict
    with pytest.raises(ValidationError):  # not a prefecture
        save(users, even_split() | {Agency.objects.get(name="省水利厅"): Decimal(1)})
    rates = {p: Decimal(95) for p in prefectures()}  # I29: each prefecture its own rate, no sum rule
    allocation = save(users, rates, code="I29")
    assert allocation.shares.count() == 16
    with pytest.raises(ValidationError):  # a rate above 100%
        save(users, rates | {prefectures()[0]: Decimal(120)}, code="I29", version=1)
    assert not Allocation.objects.filter(indicator__code=RESERVOIRS).exists()


def test_the_page_shows_the_difference_and_refuses_then_saves(users, client_for):
    client = client_for("coordinator")
    url = f"/indicators/{RESERVOIRS}/allocation/"
    page = client.get(url)
    assert page.status_code == 200 and 'id="allocation-difference"' in page.content.decode()
    form = {"action": "save", "version": 0} | {f"share-{p.pk}": str(v) for p, v in even_split().items()}
    form[f"share-{prefectures()[0].pk}"] = "80"
    refused = client.post(url, form)
    # 979 = 64 + 15 × 61; with 80 for the first prefecture the shares add up to 995, 16 more than the target.
    assert refused.status_code == 400 and "995" in refused.content.decode() and "16" in refused.content.decode()
    assert not Allocation.objects.exists()
    saved = client.post(url, form | {f"share-{prefectures()[0].pk}": str(even_split()[prefectures()[0]])})
    assert saved.status_code == 302 and Allocation.objects.get().shares.count() == 16
    assert client_for("water").get(url).status_code == 403
    assert client_for("coordinator").get("/indicators/I03/allocation/").status_code == 200


def test_excel_import_saves_everything_or_nothing(users, client_for):
    client = client_for("coordinator")
    url = f"/indicators/{RESERVOIRS}/allocation/"
    book = load_workbook(io.BytesIO(client.get(url, {"format": "xlsx"}).content))
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
    stale = upload(book)  # made from the page read before the first upload landed
    assert stale.status_code == 400 and "刷新页面" in stale.content.decode()
    not_xlsx = client.post(url, {"action": "upload", "version": 1,
                                 "workbook": SimpleUploadedFile("a.csv", b"1,2")})
    assert not_xlsx.status_code == 400 and Allocation.objects.get().version == 1


@pytest.fixture
def period(users):
    with time_machine.travel("2025-07-01 09:00 +0800"):
        return period_open(year=2025, number=2, actor=users["coordinator"])


def submit(period, user, values: dict):
    report = PrefectureReport.objects.get(period=period, prefecture=user.agency)
    lines = {line.pk: LineInput(value=values[line.indicator.code])
             for line in report.indicator_lines.select_related("indicator") if line.indicator.code in values}
    items = {item.pk: ItemInput(status="in_progress", narrative="推进") for item in report.items.all()}
    report = report_save(report=report, items=items, lines=lines, actor=user, expected_version=report.version)
    return report_submit(report=report, actor=user)


def test_a_prefecture_sees_its_own_target_and_the_province_is_the_sum(users, client_for, period):
    shares = even_split()
    kunming, dali = users["kunming"].agency, users["dali"].agency
    save(users, shares)
    with time_machine.travel("2025-07-05 09:00 +0800"):
        submit(period, users["kunming"], {RESERVOIRS: Decimal(70)})
        submit(period, users["dali"], {RESERVOIRS: Decimal(12)})
    report = PrefectureReport.objects.get(period=period, prefecture=kunming)
    page = client_for("kunming").get(f"/reports/{report.pk}/").content.decode()
    target = f"{shares[kunming].normalize():f}"
    assert f'<td class="line-target">{target}件' in page
    line = next(line for line in client_for("kunming").get(f"/api/v1/reports/{report.pk}/").json()[
        "indicator_lines"] if line["indicator"] == RESERVOIRS)
    assert line["target"] == float(shares[kunming]) and line["light"] in ("green", "yellow", "red")
    assert line["progress"] == pytest.approx(min(100 * 70 / float(shares[kunming]), 100), abs=0.1)

    indicator = Indicator.objects.get(code=RESERVOIRS)
    rows = prefecture_values(indicator=indicator, user=users["leader"])
    by_name = {row["prefecture"].name: row for row in rows["rows"]}
    assert by_name["昆明市"]["target"] == shares[kunming] and by_name["大理白族自治州"]["line"].value == 12
    assert rows["province"]["value"] == sum(r["line"].value for r in rows["rows"] if r["line"]) == 82
    assert rows["province"]["allocated"] == 979
    # A reporter sees its own prefecture's row only, and no provincial roll-up.
    own = prefecture_values(indicator=indicator, user=users["dali"])
    assert [r["prefecture"] for r in own["rows"]] == [dali] and own["province"] is None
    detail = client_for("leader").get(f"/indicators/{RESERVOIRS}/").content.decode()
    assert 'id="province-row"' in detail and "82件" in detail


def test_allocation_over_the_api(users, client_for):
    url = f"/api/v1/indicators/{RESERVOIRS}/allocation/"
    coordinator = client_for("coordinator")
    empty = coordinator.get(url).json()
    assert empty["version"] == 0 and len(empty["shares"]) == 16 and set(empty["shares"].values()) == {None}
    shares = {p.code: str(v) for p, v in even_split().items()}
    body = {"shares": shares | {prefectures()[0].code: "0"}, "version": 0}
    refused = coordinator.put(url, body, content_type="application/json")
    assert refused.status_code == 400 and "915" in str(refused.json()) and not Allocation.objects.exists()
    unknown = coordinator.put(url, {"shares": {"999999": "1"}, "version": 0}, content_type="application/json")
    assert unknown.status_code == 400 and "shares" in unknown.json()["fields"]
    assert client_for("water").put(url, {"shares": shares, "version": 0},
                                   content_type="application/json").status_code == 403
    saved = coordinator.put(url, {"shares": shares, "version": 0}, content_type="application/json").json()
    assert (saved["version"], saved["total"], saved["difference"]) == (1, 979, 0)
    stale = coordinator.put(url, {"shares": shares, "version": 0}, content_type="application/json")
    assert stale.status_code == 409


def test_reporters_read_only_their_own_share_and_oversized_numbers_are_refused(users, client_for):
    save(users, even_split())
    url = f"/api/v1/indicators/{RESERVOIRS}/allocation/"
    kunming = client_for("kunming").get(url).json()
    assert kunming["shares"] == {users["kunming"].agency.code: float(even_split()[users["kunming"].agency])}
    assert kunming["total"] is None and kunming["difference"] is None
    assert len(client_for("water").get(url).json()["shares"]) == 16
    # 9999999999.99999 rounds to 10,000,000,000 at four places: refused, not an overflow
    huge = even_split() | {prefectures()[0]: Decimal("9999999999.99999")}
    with pytest.raises(ValidationError):
        save(users, huge, partial=True, reason="试算", version=1)
    assert Allocation.objects.get().version == 1


def test_a_revised_target_flags_an_allocation_that_no_longer_adds_up(users, client_for):
    from revisions.services import indicator_revise_target

    save(users, even_split())
    indicator = Indicator.objects.get(code=RESERVOIRS)
    client = client_for("leader")
    assert 'id="allocation-off"' not in client.get(f"/indicators/{RESERVOIRS}/").content.decode()
    indicator_revise_target(indicator=indicator, target_value=Decimal(1000), target_year=2025, reason="调增",
                            reference="云政办发〔2026〕5号", actor=users["coordinator"],
                            expected_version=indicator.version)
    page = client.get(f"/indicators/{RESERVOIRS}/").content.decode()
    assert 'id="allocation-off"' in page and "979" in page and "1000" in page
