"""Who sees which dashboard (dashboard.permissions): leadership and the office the whole plan, everyone else their
own agency's, and a prefecture no province-wide reporting figures."""

from agencies.models import Agency
from tasks.models import Task
from tests.factories import activity_seeded
from tests.responses import json_of


def test_others_see_their_own_agency_only(users, client_for):
    activity_seeded(users, days=("2026-01-05",))
    kunming = client_for("kunming")
    own = Agency.objects.get(name="昆明市")
    response = kunming.get("/dashboard/")
    assert response.status_code == 302 and response.url == f"/dashboard/agency/{own.pk}/"
    assert kunming.get(response.url).status_code == 200
    dali = Agency.objects.get(name="大理白族自治州")
    assert kunming.get(f"/dashboard/agency/{dali.pk}/").status_code == 404
    assert kunming.get("/api/v1/dashboard/summary/", {"agency": dali.pk}).status_code == 403
    assert kunming.get("/api/v1/dashboard/units/").status_code == 403
    assert kunming.get("/api/v1/dashboard/map/").status_code == 403
    mine = json_of(kunming.get("/api/v1/dashboard/summary/"))
    assert sum(mine["tasks"].values()) == Task.objects.for_agency(own).count()
    assert client_for("coordinator").get(f"/dashboard/agency/{dali.pk}/").status_code == 200


def test_dashboard_summary_of_a_prefecture_has_no_province_wide_reporting(reports_submitted, client_for):
    assert json_of(client_for("kunming").get("/api/v1/dashboard/summary/"))["reports"] is None
    assert json_of(client_for("leader").get("/api/v1/dashboard/summary/"))["reports"]["expected"] == 16


def test_the_administrators_read_no_plan_data_on_their_units_dashboard(users, client_for):
    office = Agency.objects.get(name="省应急厅")
    for name in ("sysadmin", "secadmin", "auditadmin"):
        client = client_for(name)
        assert client.get("/dashboard/").status_code == 404
        assert client.get(f"/dashboard/agency/{office.pk}/").status_code == 404
