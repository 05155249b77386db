"""A 督办单 as a document: Word (.docx, python-docx) in the layout of an official notice (the issuer in red, the
number, the addressee, the body in 仿宋 where the reader has it, the table of items), and PDF converted from it
by LibreOffice (headless, a profile of its own per conversion so that conversions may run side by side)."""

import io
import re
import subprocess
import tempfile
from pathlib import Path

from django.conf import settings
from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from notices.models import NoticeColour, StepKind

BODY_FONT = "仿宋"  # Word falls back to the reader's own 仿宋 (FangSong) or a similar font where not installed
TITLE_FONT = "方正小标宋简体"
RED = RGBColor(0xC0, 0x00, 0x00)
TITLES = {NoticeColour.BLUE: "蓝色督办单", NoticeColour.YELLOW: "黄色督办单", NoticeColour.RED: "红色督办单"}
COLOUR_WORDS = {NoticeColour.BLUE: "临近完成时限", NoticeColour.YELLOW: "进度滞后", NoticeColour.RED: "已超过完成时限"}
PDF_TIMEOUT_SECONDS = 120


class DocumentError(RuntimeError):
    """The PDF could not be made (LibreOffice missing, failed or too slow)."""


# Characters XML 1.0 cannot hold (control characters a user may have pasted): left out of the document.
NOT_IN_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _run(paragraph, text, *, size=16, bold=False, font=BODY_FONT, colour=None):
    run = paragraph.add_run(NOT_IN_XML.sub("", text))
    run.font.size, run.font.bold, run.font.name = Pt(size), bold, font
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), font)
    if colour is not None:
        run.font.color.rgb = colour
    return run


def _paragraph(document, text="", *, align=None, size=16, bold=False, font=BODY_FONT, colour=None, indent=False):
    paragraph = document.add_paragraph()
    if align is not None:
        paragraph.alignment = align
    if indent:
        paragraph.paragraph_format.first_line_indent = Pt(size * 2)
    if text:
        _run(paragraph, text, size=size, bold=bold, font=font, colour=colour)
    return paragraph


def line_subject(line) -> str:
    """How a line names what it is about: the item, and whose part of it."""
    item = line.item
    text = str(item) if item is not None else "(已移出规划的事项)"
    return f"{text}（{line.part.agency}分项）" if line.part_id else text


def notice_docx(notice) -> bytes:
    """The notice as a Word document (the notice read with notices.selectors.notice_detail)."""
    document = Document()
    section = document.sections[0]
    section.page_height, section.page_width = Cm(29.7), Cm(21.0)
    section.top_margin, section.bottom_margin, section.left_margin, section.right_margin = (
        Cm(3.7), Cm(3.5), Cm(2.8), Cm(2.6))
    _paragraph(document, settings.SUPERVISION_NOTICE_ISSUER, align=WD_ALIGN_PARAGRAPH.CENTER, size=26, bold=True,
               font=TITLE_FONT, colour=RED)
    _paragraph(document, TITLES[notice.colour], align=WD_ALIGN_PARAGRAPH.CENTER,
               size=22, bold=True, font=TITLE_FONT)
    _paragraph(document, notice.number, align=WD_ALIGN_PARAGRAPH.CENTER)
    if notice.level > 1:
        _paragraph(document, f"（第二次督办，前次督办单{notice.follows.number}逾期未反馈）",
                   align=WD_ALIGN_PARAGRAPH.CENTER, size=14)
    _paragraph(document, f"{notice.agency}：")
    lines = list(notice.lines.all())
    _paragraph(document, (
        f"根据规划实施情况监测，你单位负责的下列{len(lines)}项工作{COLOUR_WORDS[notice.colour]}，现予督办。请于"
        f"{notice.answer_by:%Y年%m月%d日}前将整改措施和完成时限反馈至{settings.SUPERVISION_NOTICE_ISSUER}。"),
        indent=True)
    table = document.add_table(rows=1, cols=4)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, heading in zip(table.rows[0].cells, ("序号", "督办事项", "存在问题", "完成时限"), strict=True):
        _run(cell.paragraphs[0], heading, size=12, bold=True)
    for number, line in enumerate(lines, start=1):
        cells = table.add_row().cells
        values = (str(number), line_subject(line), line.reason,
                  f"{line.deadline:%Y-%m-%d}" if line.deadline else "持续推进")
        for cell, value in zip(cells, values, strict=True):
            _run(cell.paragraphs[0], value, size=12)
    answers = [step for step in notice.steps.all() if step.kind == StepKind.ANSWER]
    if answers:
        _paragraph(document, "反馈情况：", bold=True)
        for step in answers:
            promised = f"（承诺完成时限：{step.promised_by:%Y-%m-%d}）" if step.promised_by else ""
            _paragraph(document, f"{step.at:%Y-%m-%d} {step.by or ''}：{step.text}{promised}", indent=True, size=14)
    if notice.close_reason:
        _paragraph(document, f"办结说明：{notice.close_reason}", indent=True, size=14)
    _paragraph(document)
    _paragraph(document, settings.SUPERVISION_NOTICE_ISSUER, align=WD_ALIGN_PARAGRAPH.RIGHT)
    _paragraph(document, f"{notice.issued_on:%Y年%m月%d日}", align=WD_ALIGN_PARAGRAPH.RIGHT)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def notice_pdf(notice) -> bytes:
    """The Word document converted to PDF by LibreOffice; DocumentError when it cannot be."""
    with tempfile.TemporaryDirectory(prefix="notice-") as folder:
        source = Path(folder) / "notice.docx"
        source.write_bytes(notice_docx(notice))
        command = [settings.LIBREOFFICE_BINARY, f"-env:UserInstallation=file://{folder}/profile", "--headless",
                   "--convert-to", "pdf", "--outdir", folder, str(source)]
        try:
            subprocess.run(command, capture_output=True, timeout=PDF_TIMEOUT_SECONDS, check=True)
        except (OSError, subprocess.SubprocessError) as exc:
            raise DocumentError(str(exc)) from exc
        result = Path(folder) / "notice.pdf"
        if not result.exists():
            raise DocumentError("LibreOffice wrote no PDF")
        return result.read_bytes()
