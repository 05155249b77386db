"""The evaluated year the workbook tests export."""

from datetime import date
from decimal import Decimal

import pytest
import time_machine

from indicators.models import Indicator
from indicators.services import indicator_value_add
from reporting.services import LineInput
from tests.factories import Q2_2025_OPENED, period_opened, report_of, report_submitted, snapshots_on, status_set
from tests.workbook import AS_OF


@pytest.fixture
def evaluated(users):
    """A year with a status update, a value, a submitted report and a snapshot after the 2025 deadlines."""
    with time_machine.travel(Q2_2025_OPENED):
        status_set("4.1", actor=users["fire"], percent=60, narrative="建成专职消防队32支", problems="经费不足",
                   next_steps="年底前完成")
        indicator_value_add(indicator=Indicator.objects.get(code="I30"), value=Decimal("0.85"),
                            as_of=date(2025, 6, 30), source="省林草局", actor=users["coordinator"])
        period = period_opened(actor=users["coordinator"])
        report_submitted(report_of(period, "昆明市"), actor=users["kunming"], status="",
                         lines={"I11": LineInput(value=Decimal(7))})
    snapshots_on((AS_OF.isoformat(),))
    return users
