"""#20: the home page is each role's work queue above the plan: a reporter's report with days left and how much is
filled, the office's reports to review, a unit's assignments to acknowledge; leadership lands on the dashboard; the
plan at a glance stays one click away (规划)."""

import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from agencies.models import Agency
from supervision.services import assignment_save
from tasks.models import Task
from tests.factories import report_of, report_submitted
from tests.responses import html_of


def queue_of(client) -> str:
    page = html_of(client.get("/"))
    return page.split('id="work-queue"')[1].split("</section>")[0]


def test_each_roles_home_shows_its_queue(users, period, client_for):
    with time_machine.travel("2025-07-05 10:00 +0800"):
        report_submitted(report_of(period, "大理白族自治州"), actor=users["dali"])
        assignment_save(item=Task.objects.get(code="3.4.1"), agency=Agency.objects.get(name="省水利厅"),
                        actor=users["coordinator"])
        total = report_of(period, "昆明市").items.count()
        assert f"2025年第2季度报告将于5天后截止（2025-07-10），已填0/{total}项" in queue_of(client_for("kunming"))
        assert "1份州市报告待审核" in queue_of(client_for("coordinator"))
        assert "1项交办事项待签收" in queue_of(client_for("water"))
        assert "今天没有待办事项" in queue_of(client_for("auditor"))
        leader = client_for("leader").get("/")
        assert leader.status_code == 302 and leader.url == "/dashboard/"
        assert "目标" in html_of(client_for("leader").get("/plan/"))
        office = client_for("coordinator")
        with CaptureQueriesContext(connection) as plan:
            office.get("/plan/")
        with CaptureQueriesContext(connection) as home:
            office.get("/")
        assert len(home) - len(plan) <= 10, (len(plan), len(home))  # the queue: a fixed handful of counts
