"""#20: the home page is each role's work queue above the plan: a reporter's report with days left and how much is
filled, the office's reports to review, a unit's assignments to acknowledge; leadership lands on the dashboard; the
plan at a glance stays one click away (规划)."""

import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from agencies.models import Agency
from notifications.models import Notification
from recompute.services import snapshots_recompute
from snapshots.models import SubjectKind
from snapshots.selectors import lights_of
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


def test_the_office_urges_the_prefectures_that_have_not_reported_in_one_click(users, period, client_for):
    with time_machine.travel("2025-07-12 10:00 +0800"):  # two days past the due date
        report_submitted(report_of(period, "大理白族自治州"), actor=users["dali"])
        queue = queue_of(client_for("coordinator"))
        assert "2025年第2季度：15个州市尚未报送（昆明、曲靖" in queue and "已逾期" in queue
        assert f'action="/reports/periods/{period.pk}/urge/"' in queue and "一键催报" in queue
        office = client_for("coordinator")
        response = office.post(f"/reports/periods/{period.pk}/urge/", {"next": "/"})
        assert response.status_code == 302 and response.url == "/"
        urged = Notification.objects.filter(key__startswith="report-urged:")
        assert set(urged.values_list("user__username", flat=True)) == {"kunming"}  # dali has reported
        notice = urged.get()
        assert notice.kind == "immediate" and notice.title == "省应急厅催报：2025年第2季度报告（已逾期2天）"
        assert notice.url == f"/reports/{report_of(period, '昆明市').pk}/"
        again = office.post(f"/reports/periods/{period.pk}/urge/", {"next": "/"}, follow=True)  # once a day
        assert urged.count() == 1 and "无人被催报" in html_of(again)
        assert office.post(f"/reports/periods/{period.pk}/urge/", {"next": "https://evil.example/"}).url == "/reports/"
        assert client_for("kunming").post(f"/reports/periods/{period.pk}/urge/").status_code == 403
        assert client_for("water").post(f"/reports/periods/{period.pk}/urge/").status_code == 403
        assert office.post("/reports/periods/999999/urge/").status_code == 404
        assert office.get(f"/reports/periods/{period.pk}/urge/").status_code == 405


def test_a_departments_home_names_its_red_and_yellow_items(users, client_for):
    snapshots_recompute()
    fire = Agency.objects.get(name="省消防救援总队")
    led = set(Task.objects.for_agency(fire, role="lead").values_list("pk", flat=True))
    red = sum(1 for pk, light in lights_of(kind=SubjectKind.TASK).items() if pk in led and light.light == "red")
    assert red
    queue = queue_of(client_for("fire"))
    assert f"本单位牵头的任务中，{red}项红灯" in queue
    assert f"/tasks/?agency={fire.pk}&amp;role=lead&amp;light=red" in queue
    if "项黄灯" in queue:  # each colour has its own link
        assert f"/tasks/?agency={fire.pk}&amp;role=lead&amp;light=yellow" in queue
    listed = html_of(client_for("fire").get(f"/tasks/?agency={fire.pk}&role=lead&light=red"))
    assert f"{red}项任务" in listed or f"{red} 项任务" in listed
    assert "本单位牵头" not in queue_of(client_for("kunming"))
