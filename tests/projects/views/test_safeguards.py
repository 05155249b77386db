"""The three safeguard measures (五、保障措施) are tracked like key projects: a page with a light and the status
update, progress entries from the units behind 省级有关部门 and 各州、市人民政府, the API, history, the export
and the prefectures' reports."""

import io

import time_machine
from openpyxl import load_workbook

from projects.models import Safeguard
from recompute.services import snapshots_recompute
from reporting.excel import ITEM_SHEET, report_workbook
from reporting.models import ReportItem
from snapshots.models import LightSnapshot, SubjectKind
from tests.factories import period_opened, report_of
from tests.responses import element, html_of, json_of

TODAY = "2026-12-02 10:00 +0800"


def test_a_safeguards_page_takes_a_status_update_and_entries(users, client_for):
    with time_machine.travel(TODAY):
        snapshots_recompute()
        office = client_for("coordinator")
        listing = html_of(office.get("/key-projects/"))
        assert 'href="/safeguards/1/"' in listing and 'id="safeguards"' in listing
        page = office.get("/safeguards/1/")
        assert page.status_code == 200 and "加强组织领导" in page.content.decode()
        answer = office.post("/safeguards/1/", {"action": "status", "status": "in_progress", "percent": 40,
                                                 "narrative": "已建立联席会议制度", "version": 1})
        assert answer.status_code == 302
        safeguard = Safeguard.objects.get(number=1)
        assert (safeguard.status, safeguard.percent, safeguard.version) == ("in_progress", 40, 2)
        light = LightSnapshot.objects.get(kind=SubjectKind.SAFEGUARD, subject_id=safeguard.pk, date="2026-12-02")
        assert light.progress == 40  # the item's own light, refreshed at once
        html = html_of(office.get("/safeguards/1/"))
        assert "已建立联席会议制度" in html and "40%" in element(html, "current-status")
        # A prefecture answers for it through 各州、市人民政府: it adds an entry, but sets no status.
        kunming = client_for("kunming")
        assert kunming.post("/safeguards/1/", {"action": "progress", "narrative": "州级联席会议已召开"}).status_code \
            == 302
        assert kunming.post("/safeguards/1/", {"action": "status", "status": "completed", "percent": 100,
                                                "narrative": "完成", "version": 2}).status_code == 403
    assert safeguard.progress_entries.count() == 2


def test_safeguards_over_the_api_with_light_and_history(users, client_for):
    with time_machine.travel(TODAY):
        snapshots_recompute()
        office = client_for("coordinator")
        listed = json_of(office.get("/api/v1/safeguards/"))
        assert [s["code"] for s in listed["results"]] == ["保障1", "保障2", "保障3"]
        first = listed["results"][0]
        snapshot = LightSnapshot.objects.get(kind=SubjectKind.SAFEGUARD, subject_id=Safeguard.objects.get(number=1).pk)
        assert first["agencies"] == ["省级有关部门", "各州、市人民政府"]
        assert (first["light"]["light"], first["light"]["reason"]) == (snapshot.light, snapshot.reason)
        changed = office.patch("/api/v1/safeguards/2/", {"status": "in_progress", "percent": 30,
                                                         "narrative": "统筹推进机制建立", "version": 1},
                               content_type="application/json")
        assert changed.status_code == 200, changed.content
        refreshed = LightSnapshot.objects.get(kind=SubjectKind.SAFEGUARD, subject_id=Safeguard.objects.get(number=2).pk)
        assert json_of(changed)["percent"] == 30 and refreshed.progress == 30  # its light, refreshed at once
        assert json_of(changed)["light"]["reason"] == refreshed.reason
        history = json_of(office.get("/api/v1/safeguards/2/history/"))
        assert any("30" in str(entry["changes"]) for entry in history)
        # A prefecture reads them, as one of 各州、市人民政府.
        assert json_of(client_for("kunming").get("/api/v1/safeguards/3/"))["code"] == "保障3"


def test_prefecture_reports_include_the_safeguards(users):
    period = period_opened(actor=users["coordinator"])
    report = report_of(period, "昆明市")
    codes = [item.code for item in report.items.all()]
    assert codes[-3:] == ["保障1", "保障2", "保障3"]
    item = ReportItem.objects.get(report=report, safeguard__number=1)
    assert item.item == Safeguard.objects.get(number=1)
    sheet = load_workbook(io.BytesIO(report_workbook(report)))[ITEM_SHEET]
    last = [cell.value for cell in list(sheet.iter_rows())[-1]][:3]
    assert last == ["保障3", "保障措施", "加强监督评估"]
