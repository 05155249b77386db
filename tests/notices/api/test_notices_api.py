"""督办单 over the API: each role lists and reads by id what the pages show it; the unit answers with a file; the
office asks again and closes; refusals answer 4xx and change nothing."""

import pytest

from notices.models import NoticeState
from tests.factories import pdf_file
from tests.responses import json_of


@pytest.mark.parametrize(("who", "sees"), [
    ("coordinator", {"kunming", "fire"}), ("leader", {"kunming", "fire"}), ("auditor", {"kunming", "fire"}),
    ("kunming", {"kunming"}), ("fire", {"fire"}), ("dali", set()), ("water", set()), ("sysadmin", set()),
])
def test_each_role_lists_and_reads_its_scope(notices, client_for, who, sees):
    client = client_for(who)
    listed = {row["number"] for row in json_of(client.get("/api/v1/notices/?page_size=100"))["results"]}
    assert {name for name, notice in notices.items() if notice.number in listed} == sees
    assert who in {"coordinator", "leader", "auditor"} or len(listed) == len(sees)
    for name, notice in notices.items():
        assert client.get(f"/api/v1/notices/{notice.pk}/").status_code == (200 if name in sees else 404)


def test_the_unit_answers_and_the_office_asks_again_and_closes(notices, client_for):
    notice = notices["kunming"]
    kunming_client, office = client_for("kunming"), client_for("coordinator")
    assert kunming_client.post(f"/api/v1/notices/{notice.pk}/answer/", {
        "text": "x", "promised_by": "2026-12-31", "version": 99}).status_code == 409
    answered = json_of(kunming_client.post(f"/api/v1/notices/{notice.pk}/answer/", {
        "text": "月底前完成", "promised_by": "2026-12-31", "version": notice.version,
        "evidence": [pdf_file("方案.pdf")]}))
    assert answered["state"] == "answered" and answered["steps"][0]["attachments"] == ["方案.pdf"]
    assert kunming_client.post(f"/api/v1/notices/{notice.pk}/close/", {
        "text": "x", "version": answered["version"]}, content_type="application/json").status_code == 403
    again = json_of(office.post(f"/api/v1/notices/{notice.pk}/ask-again/", {
        "text": "请补充", "version": answered["version"]}, content_type="application/json"))
    assert again["state"] == "awaiting"
    closed = json_of(office.post(f"/api/v1/notices/{notice.pk}/close/", {
        "text": "已阅", "version": again["version"]}, content_type="application/json"))
    assert closed["state"] == NoticeState.CLOSED and closed["close_reason"] == "已阅"
    assert client_for("dali").post(f"/api/v1/notices/{notice.pk}/answer/", {
        "text": "x", "promised_by": "2026-12-31", "version": 1}).status_code == 404
    assert office.post("/api/v1/notices/abc/close/", {}).status_code == 404
