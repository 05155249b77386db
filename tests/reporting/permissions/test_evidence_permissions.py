"""Progress entries and evidence (reporting.permissions): a prefecture never reads another prefecture's, and the
evidence of an item a user cannot see is not served."""

from reporting.services import progress_entry_add
from tasks.models import Task
from tests.factories import pdf_file
from tests.responses import html_of, json_of


def test_a_prefecture_never_sees_another_prefectures_entries_or_evidence(users, client_for):
    task = Task.objects.get(code="4.1")
    dali_entry = progress_entry_add(item=task, narrative="大理州的报送内容", actor=users["dali"], files=[pdf_file()])
    fire_entry = progress_entry_add(item=task, narrative="总队的报送内容", actor=users["fire"], files=[pdf_file()])
    kunming = client_for("kunming")
    html = html_of(kunming.get("/tasks/4.1/"))
    assert "总队的报送内容" in html and "大理州的报送内容" not in html
    narratives = [e["narrative"] for e in json_of(kunming.get("/api/v1/tasks/4.1/progress/"))["results"]]
    assert narratives == ["总队的报送内容"]
    assert kunming.get(f"/tasks/evidence/{dali_entry.evidence.get().pk}/").status_code == 404
    assert kunming.get(f"/tasks/evidence/{fire_entry.evidence.get().pk}/").status_code == 200
    dali = client_for("dali")
    download = dali.get(f"/tasks/evidence/{dali_entry.evidence.get().pk}/")
    assert download.status_code == 200 and b"".join(download.streaming_content).startswith(b"%PDF")
    assert download["Content-Disposition"].startswith("attachment")


def test_evidence_of_an_invisible_item_is_not_served(users, client_for):
    entry = progress_entry_add(item=Task.objects.get(code="2.1"), narrative="法规修订", actor=users["fire"],
                               files=[pdf_file()])
    assert client_for("kunming").get(f"/tasks/evidence/{entry.evidence.get().pk}/").status_code == 404
    assert client_for("leader").get(f"/tasks/evidence/{entry.evidence.get().pk}/").status_code == 200
