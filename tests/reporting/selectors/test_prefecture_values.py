"""prefecture_values: each prefecture's value of a per-prefecture indicator against its allocated target (shown in
its report too), and the province as the roll-up of the prefectures'."""

from decimal import Decimal

import pytest
import time_machine

from indicators.models import Indicator
from reporting.models import PrefectureReport
from reporting.selectors import prefecture_values
from reporting.services import LineInput
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
    assert rows["province"]["value"] == sum(r["line"].value for r in rows["rows"] if r["line"]) == 82
    assert rows["province"]["allocated"] == 979
    # A reporter sees its own prefecture's row only, and no provincial roll-up.
    own = prefecture_values(indicator=indicator, user=users["dali"])
    assert [r["prefecture"] for r in own["rows"]] == [dali] and own["province"] is None
    detail = html_of(client_for("leader").get(f"/indicators/{RESERVOIRS}/"))
    assert "<td>82件</td>" in element(detail, "province-row")
