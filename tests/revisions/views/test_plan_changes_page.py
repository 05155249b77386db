"""The plan changes page (/plan-changes/): filters, scoping by role, the Excel download, and fixed query counts."""

import io
from datetime import date
from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from indicators.models import Indicator
from revisions.services import indicator_revise_target
from tasks.models import Task
from tests.factories import DECISION, deadline_revised
from tests.responses import html_of


def test_plan_changes_page_filters_scopes_and_downloads(users, client_for):
    kunming_tasks = Task.objects.for_agency(users["kunming"].agency)
    hidden = Task.objects.exclude(pk__in=kunming_tasks).filter(deadline__isnull=False).first()
    shared = kunming_tasks.filter(deadline__isnull=False).first()
    deadline_revised(actor=users["coordinator"], code=hidden.code)
    deadline_revised(actor=users["coordinator"], code=shared.code, deadline=date(2026, 6, 30), reason="明确时限")
    indicator = Indicator.objects.get(code="I11")
    indicator_revise_target(indicator=indicator, target_value=Decimal("1000"), target_year=2025, reason="调增",
                            reference=DECISION, actor=users["coordinator"], expected_version=indicator.version)
    page = html_of(client_for("leader").get("/plan-changes/"))
    assert "省政府决定延期一年" in page and "明确时限" in page and "调增" in page
    only_targets = html_of(client_for("leader").get("/plan-changes/", {"subject": "indicator"}))
    assert "调增" in only_targets and "明确时限" not in only_targets
    kunming = html_of(client_for("kunming").get("/plan-changes/"))
    assert "明确时限" in kunming and "省政府决定延期一年" not in kunming
    bad = client_for("leader").get("/plan-changes/", {"since": "not-a-date", "field": "nonsense"})
    assert bad.status_code == 200 and "省政府决定延期一年" in bad.content.decode()
    download = client_for("leader").get("/plan-changes/", {"field": "deadline", "format": "xlsx"})
    assert download.status_code == 200
    sheet = load_workbook(io.BytesIO(download.content))["规划调整"]
    assert sorted(r[1] for r in sheet.iter_rows(min_row=2, values_only=True)) == sorted([hidden.code, shared.code])


def test_plan_changes_page_and_api_queries_do_not_grow_with_revisions(users, client_for):
    client = client_for("coordinator")

    def queries(url):
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    deadline_revised(actor=users["coordinator"], code="1.1")
    few = (queries("/plan-changes/"), queries("/api/v1/plan-changes/"))
    for code in ("2.1", "2.4", "3.2", "4.1", "4.2"):
        deadline_revised(actor=users["coordinator"], code=code)
    assert (queries("/plan-changes/"), queries("/api/v1/plan-changes/")) == few
    assert few[0] <= 12 and few[1] <= 10
