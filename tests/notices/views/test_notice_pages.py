"""The notices' pages for every role, in lists and by id: the office, leadership and auditors read every notice; a
unit reads its own and no other unit's; the administrators read none. The unit answers on the page with a file; the
office closes; the Word and PDF documents are opened and read back; typed text is escaped."""

import io
import shutil

import pytest
import time_machine
from docx import Document
from pypdf import PdfReader

from notices.models import NoticeState, SupervisionNotice
from notices.services import notices_issue
from tests.factories import pdf_file
from tests.notices.conftest import kunming
from tests.responses import html_of

READS_EVERY = ("coordinator", "leader", "auditor")


@pytest.mark.parametrize(("who", "sees"), [
    ("coordinator", {"kunming", "fire"}), ("leader", {"kunming", "fire"}), ("auditor", {"kunming", "fire"}),
    ("kunming", {"kunming"}), ("fire", {"fire"}), ("dali", set()), ("water", set()),
    ("sysadmin", set()), ("secadmin", set()), ("auditadmin", set()),
])
def test_each_role_reads_the_notices_of_its_scope_in_the_list_and_by_id(notices, client_for, who, sees):
    client = client_for(who)
    listed = html_of(client.get("/notices/?state="))
    for name, notice in notices.items():
        assert (notice.number in listed) == (name in sees), name
        assert client.get(f"/notices/{notice.pk}/").status_code == (200 if name in sees else 404)
        assert client.get(f"/notices/{notice.pk}/word/").status_code == (200 if name in sees else 404)
    if who not in READS_EVERY:  # a unit cannot list another unit's by asking for it
        other = html_of(client.get(f"/notices/?state=&agency={notices['fire'].agency_id}"))
        assert (notices["fire"].number in other) == ("fire" in sees)


def test_the_unit_answers_with_a_file_and_the_office_closes_it_on_the_page(notices, client_for):
    notice = notices["kunming"]
    kunming_client = client_for("kunming")
    page = html_of(kunming_client.get(f"/notices/{notice.pk}/"))
    assert 'id="answer-form"' in page and 'id="decision-form"' not in page
    refused = kunming_client.post(f"/notices/{notice.pk}/", {
        "action": "answer", "text": "<script>alert(1)</script>", "promised_by": "月底", "version": 1})
    assert refused.status_code == 400 and "&lt;script&gt;" in refused.content.decode()
    sent = kunming_client.post(f"/notices/{notice.pk}/", {
        "action": "answer", "text": "<b>月底前完成</b>", "promised_by": "2026-12-31", "version": notice.version,
        "evidence": [pdf_file("整改方案.pdf")]})
    assert sent.status_code == 302
    notice.refresh_from_db()
    assert notice.state == NoticeState.ANSWERED
    attachment = notice.steps.get().attachments.get()
    assert kunming_client.get(f"/notices/attachments/{attachment.pk}/").status_code == 200
    assert client_for("dali").get(f"/notices/attachments/{attachment.pk}/").status_code == 404
    office = client_for("coordinator")
    page = html_of(office.get(f"/notices/{notice.pk}/"))
    assert "&lt;b&gt;月底前完成&lt;/b&gt;" in page and 'id="decision-form"' in page
    assert kunming_client.post(f"/notices/{notice.pk}/", {"action": "decide", "decision": "close", "text": "x",
                                                         "version": notice.version}).status_code == 403
    closed = office.post(f"/notices/{notice.pk}/", {"action": "decide", "decision": "close", "text": "措施可行",
                                                    "version": notice.version})
    assert closed.status_code == 302
    notice.refresh_from_db()
    assert notice.state == NoticeState.CLOSED and notice.close_reason == "措施可行"


def test_the_word_document_reads_back_with_its_number_unit_and_items(notices, client_for):
    notice = notices["kunming"]
    response = client_for("kunming").get(f"/notices/{notice.pk}/word/")
    assert "filename*=utf-8''" in response["Content-Disposition"]
    document = Document(io.BytesIO(response.content))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "云南省应急管理厅" in text and "黄色督办单" in text and notice.number in text and "昆明市：" in text
    rows = [[cell.text for cell in row.cells] for row in document.tables[0].rows]
    assert rows[0] == ["序号", "督办事项", "存在问题", "完成时限"]
    assert rows[1][0] == "1" and "昆明市分项" in rows[1][1] and "年度目标" in rows[1][2] and rows[1][3] == "2027-06-30"


@pytest.mark.skipif(not shutil.which("soffice"), reason="needs LibreOffice: apt-get install libreoffice-writer-nogui")
def test_the_pdf_is_made_by_libreoffice_and_its_text_reads_back(notices, client_for):
    notice = notices["fire"]
    response = client_for("fire").get(f"/notices/{notice.pk}/pdf/")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    compact = "".join(text.split())
    assert "红色督办单" in compact and notice.number.replace(" ", "") in compact and "省消防救援总队" in compact
    assert "已超过完成时限" in compact


def test_the_office_names_a_units_contacts_and_no_one_else_may(notices, users, kunming_leader, client_for):
    assert client_for("kunming").get("/notices/contacts/").status_code == 403
    office = client_for("coordinator")
    assert "昆明市" in html_of(office.get(f"/notices/contacts/?agency={kunming().pk}"))
    refused = office.post("/notices/contacts/", {"agency": kunming().pk, "contact": users["dali"].pk})
    assert refused.status_code == 400
    saved = office.post("/notices/contacts/", {"agency": kunming().pk, "contact": users["kunming"].pk,
                                               "leader": kunming_leader.pk})
    assert saved.status_code == 302
    assert office.post("/notices/contacts/", {"agency": "abc"}).status_code == 404


def test_a_second_notice_left_unanswered_is_listed_for_leadership_on_the_dashboard(notices, client_for):
    with time_machine.travel("2026-12-10 08:00 +0800"):
        notices_issue()
    second = SupervisionNotice.objects.get(agency=kunming(), level=2)
    assert second.number in html_of(client_for("kunming").get(f"/notices/{second.follows_id}/"))  # followed by
    assert 'id="escalated"' not in html_of(client_for("leader").get("/dashboard/"))
    with time_machine.travel("2026-12-18 08:00 +0800"):
        notices_issue()
        page = html_of(client_for("leader").get("/dashboard/"))
    assert 'id="escalated"' in page and second.number in page and "4.1" in page


def test_a_control_character_typed_in_an_answer_does_not_break_the_documents(notices, client_for):
    notice = notices["kunming"]
    client = client_for("kunming")
    assert client.post(f"/notices/{notice.pk}/", {"action": "answer", "text": "完成\x01平台", "version": notice.version,
                                                  "promised_by": "2026-12-31"}).status_code == 302
    document = Document(io.BytesIO(client.get(f"/notices/{notice.pk}/word/").content))
    assert any("完成平台" in p.text for p in document.paragraphs)
