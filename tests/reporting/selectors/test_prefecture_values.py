"""prefecture_values: each prefecture's value of a per-prefecture indicator against its allocated target (shown in
its report too); the province's row is the one provincial value, rolled up from the accepted reports."""

from decimal import Decimal

import pytest
import time_machine

from indicators.models import Indicator
from recompute.services import snapshots_recompute
from reporting.models import PrefectureReport
from reporting.selectors import prefecture_values
from reporting.services import LineInput, report_accept
from tests.factories import RESERVOIRS, allocation_saved, even_split, report_of, report_submitted
from tests.responses import element, html_of, json_of


def test_a_prefecture_sees_its_own_target_and_the_province_is_the_sum(users, client_for, period):
    shares = even_split()
    kunming, dali = users["kunming"].agency, users["dali"].agency
    allocation_saved(shares, actor=users["coordinator"])
    with time_machine.travel("2025-07-05 09:00 +0800"):
        report_submitted(report_of(period, "昆明市"), actor=users["kunming"],
                         lines={RESERVOIRS: LineInput(value=Decimal(70))})
        report_submitted(report_of(period, "大理白族自治州"), actor=users["dali"],
                         lines={RESERVOIRS: LineInput(value=Decimal(12))})
    report = PrefectureReport.objects.get(period=period, prefecture=kunming)
    page = html_of(client_for("kunming").get(f"/reports/{report.pk}/"))
    target = f"{shares[kunming].normalize():f}"
    assert f'<td class="line-target">{target}件' in page
    line = next(line for line in json_of(client_for("kunming").get(f"/api/v1/reports/{report.pk}/"))[
        "indicator_lines"] if line["indicator"] == RESERVOIRS)
    assert line["target"] == float(shares[kunming]) and line["light"] in ("green", "yellow", "red")
    assert line["progress"] == pytest.approx(min(100 * 70 / float(shares[kunming]), 100), abs=0.1)

    indicator = Indicator.objects.get(code=RESERVOIRS)
    rows = prefecture_values(indicator=indicator, user=users["leader"])
    by_name = {row["prefecture"].name: row for row in rows["rows"]}
    assert by_name["昆明市"]["target"] == shares[kunming] and by_name["大理白族自治州"]["line"].value == 12
    assert by_name["昆明市"]["pending"] and rows["province"]["allocated"] == 979
    # Submitted, not yet accepted: the prefectures' rows show it awaiting review, the province has no value yet.
    detail = html_of(client_for("leader").get(f"/indicators/{RESERVOIRS}/"))
    assert "待审核" in element(detail, "prefecture-values") and "—" in element(detail, "province-row")
    with time_machine.travel("2025-07-12 09:00 +0800"):
        for name in ("昆明市", "大理白族自治州"):
            report_accept(report=report_of(period, name), actor=users["coordinator"])
        snapshots_recompute()
        detail = html_of(client_for("leader").get(f"/indicators/{RESERVOIRS}/"))
    province = element(detail, "province-row")
    assert "82件" in province and "汇总自州市报送" in province and "2025-06-30" in province
    assert "待审核" not in element(detail, "prefecture-values")
    # A reporter sees its own prefecture's row only, and no provincial row.
    own = prefecture_values(indicator=indicator, user=users["dali"])
    assert [r["prefecture"] for r in own["rows"]] == [dali] and own["province"] is None
