"""Query counts of the report list (/reports/) and a report's page (/reports/<id>/), pinned for the provincial
office with an open period of 16 reports, and the same with twice the reports, every one submitted, more
transitions and more evidence: no query per report, item, line, transition or evidence file."""

from datetime import date
from decimal import Decimal

from agencies.models import Agency
from core.channels import Channel
from reporting.models import PrefectureReport
from reporting.services import (
    ItemInput,
    LineInput,
    part_define,
    report_accept,
    report_return,
    report_save,
    report_submit,
)
from revisions.services import item_set_scope
from tasks.models import ItemScope, Task
from tests.factories import (
    DECISION,
    RESERVOIRS,
    allocation_saved,
    even_split,
    pdf_file,
    period_opened,
    prefecture_reporters,
    report_of,
    report_submitted,
)

# Measured for the provincial office; they include what every page costs (session, user, roles, the unread
# bell, and the session saved on every request).
REPORT_LIST_QUERIES = 14  # with the filters (periods, prefectures) and the page count
REPORT_PAGE_QUERIES = 20  # the office also reads the trail of values (items, lines); each item its part and last text


def report_with_evidence(report, *, actor, items_with_evidence: int):
    """The report filled in and submitted, the first items each with two evidence files and I11 reported."""
    items = {item.pk: ItemInput(status="in_progress", narrative="推进",
                                files=(pdf_file(), pdf_file("b.pdf")) if position < items_with_evidence else ())
             for position, item in enumerate(report.items.all())}
    line = report.indicator_lines.get(indicator__code=RESERVOIRS)
    saved = report_save(report=report, items=items, lines={line.pk: LineInput(value=Decimal(9))}, actor=actor,
                        expected_version=report.version, channel=Channel.PAGE)
    return report_submit(report=saved, actor=actor)


def test_report_list_queries_do_not_grow_with_reports(users, client_for, period, django_assert_max_num_queries):
    report_submitted(report_of(period, "昆明市"), actor=users["kunming"])
    client = client_for("coordinator")
    with django_assert_max_num_queries(REPORT_LIST_QUERIES) as few:
        assert client.get("/reports/").status_code == 200
    later = period_opened(actor=users["coordinator"], number=3, at="2025-10-01 09:00 +0800")
    reporters = prefecture_reporters()
    for prefecture, reporter in reporters.items():
        for open_period in (period, later):
            report = report_of(open_period, prefecture.name)
            if report.editable:
                report_submitted(report, actor=reporter)
    assert PrefectureReport.objects.filter(status="submitted").count() == 2 * len(reporters) == 32
    report_accept(report=report_of(period, "昆明市"), actor=users["coordinator"])
    report_return(report=report_of(later, "大理白族自治州"), reason="请补充", actor=users["coordinator"])
    with django_assert_max_num_queries(REPORT_LIST_QUERIES) as many:
        assert client.get("/reports/").status_code == 200
    assert len(many) == len(few)


def test_report_page_queries_do_not_grow_with_items_evidence_or_transitions(users, client_for, period,
                                                                           django_assert_max_num_queries):
    allocation_saved(even_split(), actor=users["coordinator"])  # each line shows its prefecture's target
    # A report with fewer items: its period opened after three of 昆明's tasks left the plan.
    for task in Task.objects.for_agency(users["kunming"].agency).order_by("pk")[:3]:
        item_set_scope(item=task, scope=ItemScope.NOT_APPLICABLE, reason="职能划转", reference=DECISION,
                       actor=users["coordinator"], expected_version=task.version)
    later = period_opened(actor=users["coordinator"], number=3, at="2025-10-01 09:00 +0800")
    small = report_with_evidence(report_of(later, "昆明市"), actor=users["kunming"], items_with_evidence=1)
    # Each report's prefecture has a part broken out with a milestone (the card shows it): the same reads for both.
    for name in ("昆明市", "大理白族自治州"):
        part_define(item=Task.objects.get(code="5.1.2"), agency=Agency.objects.get(name=name), title="小型水库除险加固",
                    deadline=date(2027, 12, 31), milestones=[(2027, 50)], actor=users["coordinator"])
    client = client_for("coordinator")
    with django_assert_max_num_queries(REPORT_PAGE_QUERIES) as few:
        assert client.get(f"/reports/{small.pk}/").status_code == 200
    large = report_with_evidence(report_of(period, "大理白族自治州"), actor=users["dali"], items_with_evidence=8)
    report_return(report=large, reason="请补充", actor=users["coordinator"])
    large = report_with_evidence(report_of(period, "大理白族自治州"), actor=users["dali"], items_with_evidence=8)
    report_accept(report=large, actor=users["coordinator"])
    assert large.items.count() > small.items.count() and large.transitions.count() == 4
    with django_assert_max_num_queries(REPORT_PAGE_QUERIES) as many:
        assert client.get(f"/reports/{large.pk}/").status_code == 200
    assert len(many) == len(few)
