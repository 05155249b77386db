"""Through the real jobs: two prefectures' accepted reports for a per-prefecture count target move the provincial
value, its light and the dashboard's figures; an official statistic entered afterwards takes over, labelled."""

from decimal import Decimal

import pytest
import time_machine

from indicators.models import Indicator
from reporting.services import LineInput, report_accept
from snapshots.models import LightSnapshot, SubjectKind
from tests.celery_helpers import worker_on
from tests.factories import period_opened, report_of, report_submitted
from tests.responses import json_of

RESERVOIRS = "I11"  # 小型病险水库除险加固 979件 by 2025, summed over the prefectures
RECOMPUTE = "recompute.jobs.snapshots_recompute_job"
TODAY = "2026-12-02 10:00 +0800"


def _light() -> LightSnapshot:
    return LightSnapshot.objects.get(kind=SubjectKind.INDICATOR, date="2026-12-02",
                                     subject_id=Indicator.objects.get(code=RESERVOIRS).pk)


@pytest.mark.django_db(transaction=True)
def test_accepted_reports_then_an_official_statistic_drive_the_provincial_figures(users, client_for, redis_url):
    period = period_opened(actor=users["coordinator"])
    leader, coordinator = client_for("leader"), client_for("coordinator")
    with worker_on(redis_url, results=True) as app, time_machine.travel(TODAY):
        app.tasks[RECOMPUTE].delay().get(timeout=60)
        assert _light().light == "grey"
        before = json_of(leader.get("/api/v1/dashboard/summary/"))["targets"]

        for user, name, value in (("kunming", "昆明市", 70), ("dali", "大理白族自治州", 12)):
            report = report_submitted(report_of(period, name), actor=users[user],
                                      lines={RESERVOIRS: LineInput(value=Decimal(value))})
            report_accept(report=report, actor=users["coordinator"])
        app.tasks[RECOMPUTE].delay().get(timeout=60)
        light = _light()
        assert light.light == "red" and "现值82件(汇总自州市报送,2025-06-30)" in light.reason
        current = json_of(leader.get(f"/api/v1/indicators/{RESERVOIRS}/"))
        assert current["current"] == {"value": 82, "as_of": "2025-06-30", "rolled_up": True,
                                      "provenance": "汇总自州市报送"}
        assert current["light"]["light"] == "red" and current["light"]["reason"] == light.reason
        after = json_of(leader.get("/api/v1/dashboard/summary/"))["targets"]
        assert after["not_assessed"] == before["not_assessed"] - 1
        figures = {row["name"]: row["indicator"] for row in json_of(leader.get(
            f"/api/v1/dashboard/map/?measure=indicator&indicator={RESERVOIRS}"))}
        assert figures["昆明市"] == 70 and figures["大理白族自治州"] == 12

        answer = coordinator.post(f"/api/v1/indicators/{RESERVOIRS}/values/", {
            "value": 979, "as_of": "2026-11-30", "source": "省水利厅2026年统计公报"}, content_type="application/json")
        assert answer.status_code == 201, answer.content
        app.tasks[RECOMPUTE].delay().get(timeout=60)
        light = _light()
        assert light.light == "green" and "现值979件(省级统计数据,2026-11-30)" in light.reason
        current = json_of(leader.get(f"/api/v1/indicators/{RESERVOIRS}/"))["current"]
        assert current == {"value": 979, "as_of": "2026-11-30", "rolled_up": False, "provenance": "省级统计数据"}
        final = json_of(leader.get("/api/v1/dashboard/summary/"))["targets"]
        assert final["achieved"] == after["achieved"] + 1
        page = leader.get(f"/indicators/{RESERVOIRS}/").content.decode()
        assert "省级统计数据" in page and "汇总自州市报送" in page  # the value in force, and the roll-up in the history
