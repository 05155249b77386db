"""The rest of the API: periods, notifications, indicator baselines and values; and pinned list query counts."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from indicators.models import Indicator
from notifications.models import Notification


def test_periods_are_opened_by_coordinators_only(users, client_for):
    body = {"kind": "quarter", "year": 2025, "number": 3}
    assert client_for("water").post("/api/v1/periods/", body).status_code == 403
    created = client_for("coordinator").post("/api/v1/periods/", body)
    assert created.status_code == 201 and created.json()["label"] == "2025年第3季度"
    assert client_for("kunming").get("/api/v1/reports/").json()["count"] == 1
    bad = client_for("coordinator").post("/api/v1/periods/", {"kind": "half_year", "year": 2025, "number": 3})
    assert bad.status_code == 400 and "number" in bad.json()["fields"]


def test_notifications_are_each_users_own(users, client_for):
    Notification.objects.create(user=users["kunming"], key="k1", title="提醒")
    Notification.objects.create(user=users["dali"], key="k2", title="别人的")
    mine = client_for("kunming").get("/api/v1/notifications/").json()
    assert [n["title"] for n in mine["results"]] == ["提醒"]
    other = Notification.objects.get(key="k2")
    assert client_for("kunming").get(f"/api/v1/notifications/{other.pk}/").status_code == 404
    assert client_for("kunming").post("/api/v1/notifications/read-all/").json() == {"marked": 1}
    assert Notification.objects.get(key="k2").read_at is None


def test_coordinators_set_baselines_and_record_values(users, client_for):
    office = client_for("coordinator")
    baseline = {"baseline_value": "1.2", "baseline_year": 2020, "baseline_source": "2020年统计",
                "target_2035_value": "0.5", "version": 1}
    response = office.patch("/api/v1/indicators/I30/", baseline, content_type="application/json")
    assert response.status_code == 200 and response.json()["baseline_value"] == 1.2
    stale = office.patch("/api/v1/indicators/I30/", baseline, content_type="application/json")
    assert stale.status_code == 409
    value = office.post("/api/v1/indicators/I30/values/", {"value": "0.8", "as_of": "2025-06-30",
                                                           "source": "省林草局"})
    assert value.status_code == 201
    assert client_for("leader").get("/api/v1/indicators/I30/values/").json()[0]["value"] == 0.8
    assert client_for("water").post("/api/v1/indicators/I30/values/", {"value": "1", "as_of": "2025-01-01",
                                                                       "source": "x"}).status_code == 403
    future = office.post("/api/v1/indicators/I30/values/", {"value": "1", "as_of": "2099-01-01", "source": "x"})
    assert future.status_code == 400 and "as_of" in future.json()["fields"]
    assert Indicator.objects.get(code="I30").values.count() == 1


def test_list_query_counts_are_pinned(users, client_for):
    from reporting.services import period_open

    period_open(year=2025, number=1, actor=users["coordinator"])
    for n in range(5):
        Notification.objects.create(user=users["leader"], key=f"n{n}", title="t")
    client = client_for("leader")
    for url in ("/api/v1/reports/", "/api/v1/periods/", "/api/v1/notifications/", "/api/v1/exports/",
                "/api/v1/indicators/", "/api/v1/agencies/"):
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url, {"page_size": 500}).status_code == 200
        with CaptureQueriesContext(connection) as one:
            client.get(url, {"page_size": 1})
        assert len(captured) == len(one) <= 10, url


def test_report_excel_and_evidence_through_the_api(users, client_for, client):
    import io

    from openpyxl import load_workbook

    from agencies.models import ApiToken
    from agencies.services import _token_hash
    from reporting.services import period_open, progress_entry_add
    from tasks.models import Task
    from tests.conftest import pdf_file

    period = period_open(year=2025, number=2, actor=users["coordinator"])
    report = period.reports.get(prefecture__name="昆明市")
    kunming = client_for("kunming")
    template = kunming.get(f"/api/v1/reports/{report.pk}/excel/")
    book = load_workbook(io.BytesIO(template.content))
    book["事项进展"].cell(2, 5, "接口上传的进展")
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.name = "report.xlsx"
    buffer.seek(0)
    uploaded = kunming.post(f"/api/v1/reports/{report.pk}/excel/", {"workbook": buffer})
    assert uploaded.status_code == 200, uploaded.json()
    assert uploaded.json()["items"][0]["narrative"] == "接口上传的进展"
    bad = kunming.post(f"/api/v1/reports/{report.pk}/excel/", {"workbook": io.BytesIO(b"not a workbook")})
    assert bad.status_code == 400 and "workbook" in bad.json()["fields"]
    assert client_for("dali").get(f"/api/v1/reports/{report.pk}/excel/").status_code == 404

    entry = progress_entry_add(item=Task.objects.get(code="4.1"), narrative="证", actor=users["dali"],
                               files=[pdf_file()])
    evidence = entry.evidence.get()
    ApiToken.objects.create(user=users["kunming"], name="t", prefix="x", key_hash=_token_hash("ynp_k"))
    ApiToken.objects.create(user=users["dali"], name="t", prefix="y", key_hash=_token_hash("ynp_d"))
    assert client.get(f"/api/v1/evidence/{evidence.pk}/", HTTP_AUTHORIZATION="Bearer ynp_k").status_code == 404
    own = client.get(f"/api/v1/evidence/{evidence.pk}/", HTTP_AUTHORIZATION="Bearer ynp_d")
    assert own.status_code == 200 and b"".join(own.streaming_content).startswith(b"%PDF")
