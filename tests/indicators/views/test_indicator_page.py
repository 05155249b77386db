"""The indicator page (/indicators/<code>/): values and their history, values read as written, prefecture values
scoped by role, and the warning when a revised target no longer matches the allocation."""

from decimal import Decimal

import time_machine
from django.utils import timezone

from indicators.models import Indicator
from indicators.services import indicator_value_add
from reporting.models import PrefectureReport
from revisions.services import indicator_revise_target
from tests.factories import RESERVOIRS, activity_seeded, allocation_saved, even_split
from tests.responses import element, html_of, row_of


def test_a_revised_target_flags_an_allocation_that_no_longer_adds_up(users, client_for):
    allocation_saved(even_split(), actor=users["coordinator"])
    indicator = Indicator.objects.get(code=RESERVOIRS)
    client = client_for("leader")
    assert 'id="allocation-off"' not in html_of(client.get(f"/indicators/{RESERVOIRS}/"))
    indicator_revise_target(indicator=indicator, target_value=Decimal(1000), target_year=2025, reason="调增",
                            reference="云政办发〔2026〕5号", actor=users["coordinator"],
                            expected_version=indicator.version)
    page = html_of(client.get(f"/indicators/{RESERVOIRS}/"))
    assert "各州市分配合计为979，与全省目标1000不一致" in element(page, "allocation-off")


def test_indicator_page_has_history_and_prefecture_values(users, client_for):
    activity_seeded(users, days=("2025-06-01",))
    with time_machine.travel("2025-07-02 10:00 +0800"):
        html = html_of(client_for("leader").get("/indicators/I11/"))
        fire = html_of(client_for("leader").get("/indicators/I30/"))
    rows = element(html, "prefecture-values")
    assert "<td>9件</td>" in row_of(rows, "昆明市") and rows.count("<tr>") == 17
    assert 'id="indicator-data"' in fire and "<td>2025-04-30</td>" in element(fire, "values")


def test_an_indicator_page_shows_a_reporter_only_its_own_prefectures_value(reports_submitted, client_for):
    kunming = html_of(client_for("kunming").get("/indicators/I11/"))
    assert "昆明市水利局" in kunming and "大理白族自治州水利局" not in kunming
    water = html_of(client_for("water").get("/indicators/I11/"))
    assert "昆明市水利局" not in water
    office = html_of(client_for("coordinator").get("/indicators/I11/"))
    assert "昆明市水利局" in office and "大理白族自治州水利局" in office


def test_values_read_as_written(reports_submitted, users, client_for):
    indicator_value_add(indicator=Indicator.objects.get(code="I11"), value=Decimal("30"),
                        as_of=timezone.localdate(), source="统计", actor=users["coordinator"])
    page = html_of(client_for("coordinator").get("/indicators/I11/"))
    assert "<td>30件</td>" in element(page, "values") and "3E+1" not in page
    # 大理's reported 5, not 5.0000
    assert "<td>5件</td>" in row_of(element(page, "prefecture-values"), "大理白族自治州")
    report = PrefectureReport.objects.get(period=reports_submitted, prefecture__name="昆明市")
    html = html_of(client_for("kunming").get(f"/reports/{report.pk}/"))
    assert "3.0000" not in html
