"""Query counts of a per-prefecture indicator's page (/indicators/<code>/) and its allocation page
(/indicators/<code>/allocation/), pinned for the provincial office, and the same with every prefecture's value,
more measured values, revisions and a whole allocation: no query per prefecture, value, revision or share."""

from datetime import date
from decimal import Decimal

from indicators.models import Indicator
from indicators.services import indicator_value_add
from reporting.services import LineInput
from revisions.services import indicator_revise_target
from tests.factories import (
    DECISION,
    RESERVOIRS,
    allocation_saved,
    even_split,
    period_opened,
    prefecture_reporters,
    prefectures,
    report_of,
    report_submitted,
)
from tests.responses import element, html_of

# Measured for the provincial office; they include what every page costs (session, user, roles, the unread
# bell, and the session saved on every request). The indicator page asks one more query when the target has
# been revised (who revised it), however many times. Both read the allocation's change trail (two queries: the
# shares' history and the allocation's), and the indicator page the value in force (one query).
INDICATOR_PAGE_QUERIES = 22
ALLOCATION_PAGE_QUERIES = 14
URL = f"/indicators/{RESERVOIRS}/"


def value_added(value, as_of, actor):
    indicator_value_add(indicator=Indicator.objects.get(code=RESERVOIRS), value=Decimal(value), as_of=as_of,
                        source="省水利厅统计", actor=actor)


def target_revised(value, actor):
    indicator = Indicator.objects.get(code=RESERVOIRS)
    indicator_revise_target(indicator=indicator, target_value=Decimal(value), target_year=2025, reason="调整",
                            reference=DECISION, actor=actor, expected_version=indicator.version)


def test_indicator_page_queries_do_not_grow_with_values_prefectures_or_revisions(
        users, client_for, period, django_assert_max_num_queries):
    office = users["coordinator"]
    allocation_saved(even_split(), actor=office)
    report_submitted(report_of(period, "昆明市"), actor=users["kunming"],
                     lines={RESERVOIRS: LineInput(value=Decimal(9))})
    value_added(40, date(2025, 3, 31), office)
    target_revised(1000, office)
    client = client_for("coordinator")
    with django_assert_max_num_queries(INDICATOR_PAGE_QUERIES) as few:
        assert client.get(URL).status_code == 200
    later = period_opened(actor=office, number=3, at="2025-10-01 09:00 +0800")
    for prefecture, reporter in prefecture_reporters().items():
        for open_period, value in ((period, 5), (later, 8)):
            report = report_of(open_period, prefecture.name)
            if report.editable:
                report_submitted(report, actor=reporter, lines={RESERVOIRS: LineInput(value=Decimal(value))})
    for month in range(4, 10):
        value_added(40 + month, date(2025, month, 28), office)
    target_revised(1100, office)
    target_revised(979, office)
    with django_assert_max_num_queries(INDICATOR_PAGE_QUERIES) as many:
        page = client.get(URL)
    assert element(html_of(page), "prefecture-values").count("<td>8件</td>") == 16  # each one's newest value
    assert len(many) == len(few)


def test_allocation_page_queries_do_not_grow_with_shares(users, client_for, django_assert_max_num_queries):
    first, second = prefectures()[:2]
    allocation_saved({first: Decimal(500), second: Decimal(400)}, partial=True, reason="其余州市尚待核定",
                     actor=users["coordinator"])
    client = client_for("coordinator")
    with django_assert_max_num_queries(ALLOCATION_PAGE_QUERIES) as few:
        assert client.get(f"{URL}allocation/").status_code == 200
    allocation_saved(even_split(), version=1, actor=users["coordinator"])
    with django_assert_max_num_queries(ALLOCATION_PAGE_QUERIES) as many:
        assert client.get(f"{URL}allocation/").status_code == 200
    assert len(many) == len(few)
