"""#21 通报: drafted from the snapshot of its period, the office's text edited, approved, issued with a number and
sent to every unit; then it never changes. Its Word document is read back with python-docx against the snapshot;
a prefecture reads the issued bulletin and never a draft."""

import io
from datetime import timedelta

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from docx import Document

from agencies.models import Agency, AgencyKind
from bulletins.documents import bulletin_docx
from bulletins.models import Bulletin
from bulletins.services import bulletin_approve, bulletin_draft, bulletin_edit, bulletin_issue, bulletin_rebuild
from notifications.models import Notification
from snapshots.models import RollupScope, RollupSnapshot
from tests.factories import activity_seeded
from tests.responses import element, html_of, json_of

DRAFTED = "2026-01-10 09:00 +0800"


def _worst_first(day, scope, kinds):
    """The snapshot's units ranked as a 督办 bulletin ranks them, read straight from the roll-ups."""
    names = dict(Agency.objects.filter(kind__in=kinds).values_list("pk", "name"))
    rows = [(row, names[row.scope_id]) for row in RollupSnapshot.objects.filter(date=day, scope=scope)
            if row.scope_id in names and row.green + row.yellow + row.red + row.grey]
    rows.sort(key=lambda pair: (-pair[0].red, -pair[0].yellow, round(pair[0].progress or 0, 1), pair[1]))
    return [name for _row, name in rows]


@pytest.fixture
def issued(users):
    activity_seeded(users)
    office = users["coordinator"]
    with time_machine.travel(DRAFTED):
        draft = bulletin_draft(kind="quarter", year=2025, number=3, actor=office)
        edited = bulletin_edit(bulletin=draft, actor=office, expected_version=draft.version,
                               paragraphs={"overview": "总体平稳推进。", "praise": "予以表扬：<b>某单位</b>"})
        approved = bulletin_approve(bulletin=edited, actor=office, expected_version=edited.version)
        return bulletin_issue(bulletin=approved, actor=office, expected_version=approved.version)


def test_the_word_document_holds_title_number_tables_and_the_units_ranked_as_the_snapshot(issued):
    assert issued.figures["snapshot_date"] == "2025-09-01"  # the last snapshot of the third quarter
    assert issued.document_number == "云应急规通〔2026〕1号"
    document = Document(io.BytesIO(bulletin_docx(issued)))
    texts = [p.text for p in document.paragraphs]
    assert "2025年第3季度应急体系规划实施情况通报" in texts and "云应急规通〔2026〕1号" in texts
    assert "总体平稳推进。" in texts and "予以表扬：<b>某单位</b>" in texts  # typed text kept as text
    tables = [[[cell.text for cell in row.cells] for row in table.rows] for table in document.tables]
    departments = next(t for t in tables if t[0][:2] == ["序号", "单位"])
    expected = _worst_first("2025-09-01", RollupScope.AGENCY_LEAD,
                            [k for k in AgencyKind.values if k not in ("prefecture", "collective")])
    assert [row[1] for row in departments[1:]] == expected and len(expected) > 5
    prefectures = [t for t in tables if t[0][:2] == ["序号", "单位"]][1]
    ranked = _worst_first("2025-09-01", RollupScope.PREFECTURE, ["prefecture"])
    assert [row[1] for row in prefectures[1:]] == ranked
    reports = next(t for t in tables if t[0][0] == "州、市")
    assert ["昆明市", "1", "1", "0", "0"] in reports  # Q2 due 10 July, sent on time; the others missing


def test_an_issued_bulletin_never_changes_and_every_unit_is_told(users, issued, client_for):
    with pytest.raises(ValidationError, match="不再修改"):
        bulletin_edit(bulletin=issued, paragraphs={"overview": "改"}, actor=users["coordinator"],
                      expected_version=issued.version)
    with pytest.raises(PermissionDenied):
        bulletin_draft(kind="month", year=2025, number=9, actor=users["kunming"])
    assert Notification.objects.filter(key=f"bulletin-issued:{issued.pk}", user=users["kunming"]).exists()
    assert not Notification.objects.filter(key=f"bulletin-issued:{issued.pk}", user=users["sysadmin"]).exists()
    refused = client_for("coordinator").patch(f"/api/v1/bulletins/{issued.pk}/",
                                              {"overview": "改", "version": issued.version},
                                              content_type="application/json")
    assert refused.status_code == 400 and Bulletin.objects.get(pk=issued.pk).overview == "总体平稳推进。"


def test_a_prefecture_reads_the_issued_bulletin_and_never_a_draft(users, issued, client_for):
    with time_machine.travel(DRAFTED):
        draft = bulletin_draft(kind="month", year=2025, number=9, actor=users["coordinator"])
    kunming = client_for("kunming")
    listed = element(html_of(kunming.get("/bulletins/")), "bulletin-list")
    assert issued.title in listed and draft.title not in listed
    assert "云应急规通〔2026〕1号" in html_of(kunming.get(f"/bulletins/{issued.pk}/"))
    assert kunming.get(f"/bulletins/{draft.pk}/").status_code == 404
    assert kunming.get(f"/bulletins/{draft.pk}/file/word/").status_code == 404
    assert [b["id"] for b in json_of(kunming.get("/api/v1/bulletins/"))["results"]] == [issued.pk]
    assert client_for("sysadmin").get(f"/bulletins/{issued.pk}/").status_code == 404


@pytest.mark.parametrize("data, field", [({"kind": "week", "year": 2025, "number": 1}, "kind"),
                                         ({"kind": "quarter", "year": 2025, "number": 5}, "number"),
                                         ({"kind": "month", "year": 2027, "number": 1}, "number"),
                                         ({"kind": "year", "year": "abc", "number": 1}, "year"),
                                         ({"kind": "final", "year": 2031, "number": 1}, "year")])
def test_a_period_that_is_not_one_is_refused_with_a_message(users, client_for, data, field):
    with time_machine.travel(DRAFTED):
        response = client_for("coordinator").post("/bulletins/", data)
    assert response.status_code == 400 and not Bulletin.objects.exists()


def test_a_period_whose_lights_are_all_older_is_refused(users):
    activity_seeded(users, days=("2025-09-01",))
    with time_machine.travel(DRAFTED), pytest.raises(ValidationError, match="期内尚无亮灯结果"):
        bulletin_draft(kind="month", year=2025, number=12, actor=users["coordinator"])


def test_documents_cut_off_mid_way_may_be_written_again(users, issued):
    started = timezone.now() - timedelta(minutes=11)
    Bulletin.objects.filter(pk=issued.pk).update(build="running", build_started_at=started)
    again = bulletin_rebuild(bulletin=Bulletin.objects.get(pk=issued.pk), actor=users["coordinator"])
    assert again.build == "pending" or again.build == "failed"  # sent to the queue (or failed to be)
    Bulletin.objects.filter(pk=issued.pk).update(build="running", build_started_at=timezone.now())
    with pytest.raises(ValidationError):  # still being written: not started twice
        bulletin_rebuild(bulletin=Bulletin.objects.get(pk=issued.pk), actor=users["coordinator"])


def test_saving_unchanged_text_keeps_the_approval_and_the_final_report_waits_for_the_period_end(users):
    activity_seeded(users)
    office = users["coordinator"]
    with time_machine.travel(DRAFTED):
        draft = bulletin_draft(kind="quarter", year=2025, number=3, actor=office)
        approved = bulletin_approve(bulletin=draft, actor=office, expected_version=draft.version)
        same = bulletin_edit(bulletin=approved, paragraphs={"overview": approved.overview}, actor=office,
                             expected_version=approved.version)
        assert (same.state, same.version) == ("approved", approved.version)
    with time_machine.travel("2025-10-01 09:00 +0800"), pytest.raises(ValidationError, match="规划期结束后"):
        bulletin_draft(kind="final", year=2025, number=1, actor=office)
