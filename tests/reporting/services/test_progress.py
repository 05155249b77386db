"""Status updates and progress entries through the services (item_update_status, progress_entry_add): who may
write them, evidence checks, versions and history."""

import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.utils import translation
from openpyxl import Workbook

from core.errors import StaleVersionError
from projects.models import KeyProject
from reporting.models import EvidenceFile, ProgressEntry
from reporting.services import item_update_status, progress_entry_add
from tasks.models import Task
from tests.factories import pdf_file


def update(task, actor, **overrides):
    values = {"status": "in_progress", "percent": 40, "narrative": "已完成方案编制", "actor": actor,
              "expected_version": task.version}
    return item_update_status(item=task, **(values | overrides))


def fresh(task):
    return type(task).objects.get(pk=task.pk)


def test_lead_unit_updates_status_with_evidence(users):
    task = Task.objects.get(code="4.1")  # 省消防救援总队 leads
    entry = update(task, users["fire"], problems="资金缺口", next_steps="下季度完成招标", files=[pdf_file()])
    task = fresh(task)
    assert (task.status, task.percent, task.version) == ("in_progress", 40, 2)
    assert task.status_updated_by == users["fire"]
    assert entry.kind == "status_update" and entry.agency.name == "省消防救援总队"
    evidence = entry.evidence.get()
    assert evidence.original_name == "evidence.pdf" and evidence.content_type == "application/pdf"
    assert evidence.file.read().startswith(b"%PDF")
    latest = task.history.latest()
    assert latest.history_user == users["fire"] and latest.status == "in_progress"


@pytest.mark.parametrize(("overrides", "field"), [
    ({"status": "completed", "percent": 90}, "percent"),
    ({"percent": 101}, "percent"),
    ({"percent": -1}, "percent"),
    ({"status": "finished"}, "status"),
    ({"narrative": "   "}, "narrative"),
])
def test_invalid_updates_are_refused_and_change_nothing(users, overrides, field):
    task = Task.objects.get(code="4.1")
    with pytest.raises(ValidationError) as error:
        update(task, users["fire"], **overrides)
    assert field in error.value.message_dict
    assert fresh(task).version == 1 and not ProgressEntry.objects.exists()


@pytest.mark.parametrize("who", ["water", "kunming", "leader", "auditor"])
def test_only_the_lead_unit_or_the_office_sets_status(users, who):
    task = Task.objects.get(code="4.1")
    with pytest.raises(PermissionDenied):
        update(task, users[who])
    assert fresh(task).version == 1 and task.history.count() == 1


def test_participants_and_prefectures_add_entries_but_not_status(users):
    task = Task.objects.get(code="3.4.2")  # 省应急厅 leads; 省水利厅 participates; 各州、市人民政府 too
    progress_entry_add(item=task, narrative="完成12件水闸除险加固", actor=users["water"])
    progress_entry_add(item=task, narrative="昆明市完成3件", actor=users["kunming"])
    assert list(task.progress_entries.values_list("agency__name", flat=True)) == ["昆明市", "省水利厅"]
    with pytest.raises(PermissionDenied):
        progress_entry_add(item=Task.objects.get(code="2.1"), narrative="x", actor=users["kunming"])
    with pytest.raises(PermissionDenied):
        progress_entry_add(item=Task.objects.get(code="2.1"), narrative="x", actor=users["water"])
    with pytest.raises(PermissionDenied):
        progress_entry_add(item=task, narrative="x", actor=users["leader"])


def test_key_projects_take_the_same_updates(users):
    project = KeyProject.objects.get(number=9)  # 省消防救援总队 leads
    entry = update(project, users["fire"], status="delayed", percent=30)
    assert entry.key_project == project and fresh(project).status == "delayed"
    assert fresh(project).history.latest().history_user == users["fire"]


def test_a_stale_version_is_refused_with_what_changed(users):
    task = Task.objects.get(code="4.1")
    stale_copy = fresh(task)
    update(task, users["coordinator"], status="delayed", percent=10)
    with pytest.raises(StaleVersionError) as stale, translation.override("zh-hans"):
        update(stale_copy, users["fire"], expected_version=1)
    assert stale.value.item.version == 2
    [change] = stale.value.changes
    assert change.user == users["coordinator"]
    assert any(field == "状态" and new == "滞后" for field, _, new in change.changes)
    assert fresh(task).status == "delayed" and ProgressEntry.objects.count() == 1


def fake(name, body):
    return SimpleUploadedFile(name, body)


@pytest.mark.parametrize(("upload", "code"), [
    (fake("virus.exe", b"MZ\x90\x00"), "file_type"),
    (fake("report.pdf", b"<html><script>alert(1)</script>"), "file_content"),
    (fake("photo.png", b"\xff\xd8\xff\xe0JFIF"), "file_content"),
    (fake("sheet.xlsx", b"PK\x03\x04not really a zip"), "file_content"),
    (fake("empty.pdf", b""), "file_empty"),
    (fake("no-extension", b"%PDF-1.4"), "file_type"),
])
def test_bad_evidence_is_refused_and_nothing_is_saved(users, upload, code):
    task = Task.objects.get(code="4.1")
    with pytest.raises(ValidationError) as error:
        update(task, users["fire"], files=[pdf_file(), upload])
    assert error.value.code == code
    assert fresh(task).version == 1 and not ProgressEntry.objects.exists() and not EvidenceFile.objects.exists()


@override_settings(EVIDENCE_MAX_BYTES=1000)
def test_oversized_evidence_is_refused(users):
    with pytest.raises(ValidationError) as error:
        progress_entry_add(item=Task.objects.get(code="4.1"), narrative="x", actor=users["fire"],
                           files=[pdf_file(size=1001)])
    assert error.value.code == "file_size" and "1000" in str(error.value.messages)


def test_office_documents_are_accepted(users):
    buffer = io.BytesIO()
    Workbook().save(buffer)
    sheet = SimpleUploadedFile("台账.xlsx", buffer.getvalue())
    png = SimpleUploadedFile("现场.png", b"\x89PNG\r\n\x1a\n" + b"\0" * 20)
    entry = progress_entry_add(item=Task.objects.get(code="4.1"), narrative="台账已更新", actor=users["fire"],
                               files=[sheet, png])
    assert sorted(entry.evidence.values_list("original_name", flat=True)) == ["台账.xlsx", "现场.png"]
