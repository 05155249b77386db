"""A 督办单 as a document: Word in the layout of an official notice (the issuer in red, the number, the addressee,
the body, the table of items; core.documents), and its PDF."""

from django.conf import settings
from docx.enum.text import WD_ALIGN_PARAGRAPH

from core.documents import RED, TITLE_FONT, docx_bytes, docx_to_pdf, official_document, paragraph_add, table_add
from notices.models import NoticeColour, StepKind

TITLES = {NoticeColour.BLUE: "蓝色督办单", NoticeColour.YELLOW: "黄色督办单", NoticeColour.RED: "红色督办单"}
COLOUR_WORDS = {NoticeColour.BLUE: "临近完成时限", NoticeColour.YELLOW: "进度滞后", NoticeColour.RED: "已超过完成时限"}


def line_subject(line) -> str:
    """How a line names what it is about: the item, and whose part of it."""
    item = line.item
    text = str(item) if item is not None else "(已移出规划的事项)"
    return f"{text}（{line.part.agency}分项）" if line.part_id else text


def notice_docx(notice) -> bytes:
    """The notice as a Word document (the notice read with notices.selectors.notice_detail)."""
    document = official_document()
    paragraph_add(document, settings.SUPERVISION_NOTICE_ISSUER, align=WD_ALIGN_PARAGRAPH.CENTER, size=26,
                  bold=True, font=TITLE_FONT, colour=RED)
    paragraph_add(document, TITLES[notice.colour], align=WD_ALIGN_PARAGRAPH.CENTER, size=22, bold=True,
                  font=TITLE_FONT)
    paragraph_add(document, notice.number, align=WD_ALIGN_PARAGRAPH.CENTER)
    if notice.level > 1:
        paragraph_add(document, f"（第二次督办，前次督办单{notice.follows.number}逾期未反馈）",
                      align=WD_ALIGN_PARAGRAPH.CENTER, size=14)
    paragraph_add(document, f"{notice.agency}：")
    lines = list(notice.lines.all())
    paragraph_add(document, (
        f"根据规划实施情况监测，你单位负责的下列{len(lines)}项工作{COLOUR_WORDS[notice.colour]}，现予督办。请于"
        f"{notice.answer_by:%Y年%m月%d日}前将整改措施和完成时限反馈至{settings.SUPERVISION_NOTICE_ISSUER}。"),
        indent=True)
    table_add(document, ("序号", "督办事项", "存在问题", "完成时限"),
              [(number, line_subject(line), line.reason, f"{line.deadline:%Y-%m-%d}" if line.deadline else "持续推进")
               for number, line in enumerate(lines, start=1)])
    answers = [step for step in notice.steps.all() if step.kind == StepKind.ANSWER]
    if answers:
        paragraph_add(document, "反馈情况：", bold=True)
        for step in answers:
            promised = f"（承诺完成时限：{step.promised_by:%Y-%m-%d}）" if step.promised_by else ""
            paragraph_add(document, f"{step.at:%Y-%m-%d} {step.by or ''}：{step.text}{promised}", indent=True,
                          size=14)
    if notice.close_reason:
        paragraph_add(document, f"办结说明：{notice.close_reason}", indent=True, size=14)
    paragraph_add(document)
    paragraph_add(document, settings.SUPERVISION_NOTICE_ISSUER, align=WD_ALIGN_PARAGRAPH.RIGHT)
    paragraph_add(document, f"{notice.issued_on:%Y年%m月%d日}", align=WD_ALIGN_PARAGRAPH.RIGHT)
    return docx_bytes(document)


def notice_pdf(notice) -> bytes:
    """The Word document converted to PDF by LibreOffice; core.documents.DocumentError when it cannot be."""
    return docx_to_pdf(notice_docx(notice))
