"""Official documents (公文) in Word, and their PDF: the pieces every document of the portal shares (督办单,
通报). Word by python-docx: the body in 仿宋 (Word falls back to the reader's own FangSong or a similar font where it
is not installed), titles in 方正小标宋, the issuer in red, A4 with the margins of GB/T 9704. PDF converted from the
Word document by LibreOffice (headless, a profile of its own per conversion so that conversions may run side by
side)."""

import io
import re
import subprocess
import tempfile
from pathlib import Path

from django.conf import settings
from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
BODY_FONT = "仿宋"
TITLE_FONT = "方正小标宋简体"
RED = RGBColor(0xC0, 0x00, 0x00)
PDF_TIMEOUT_SECONDS = 120

# Characters XML 1.0 cannot hold (control characters a user may have pasted): left out of the document.
NOT_IN_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


class DocumentError(RuntimeError):
    """The PDF could not be made (LibreOffice missing, failed or too slow)."""


def official_document() -> Document:
    """An empty A4 document with the margins of an official document."""
    document = Document()
    section = document.sections[0]
    section.page_height, section.page_width = Cm(29.7), Cm(21.0)
    section.top_margin, section.bottom_margin, section.left_margin, section.right_margin = (
        Cm(3.7), Cm(3.5), Cm(2.8), Cm(2.6))
    return document


def run_add(paragraph, text, *, size=16, bold=False, font=BODY_FONT, colour=None):
    run = paragraph.add_run(NOT_IN_XML.sub("", text))
    run.font.size, run.font.bold, run.font.name = Pt(size), bold, font
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), font)
    if colour is not None:
        run.font.color.rgb = colour
    return run


def paragraph_add(document, text="", *, align=None, size=16, bold=False, font=BODY_FONT, colour=None, indent=False):
    paragraph = document.add_paragraph()
    if align is not None:
        paragraph.alignment = align
    if indent:
        paragraph.paragraph_format.first_line_indent = Pt(size * 2)
    if text:
        run_add(paragraph, text, size=size, bold=bold, font=font, colour=colour)
    return paragraph


def table_add(document, headings, rows, *, size=12):
    """A bordered table: a bold heading row, then one row per sequence of cell texts."""
    table = document.add_table(rows=1, cols=len(headings))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, heading in zip(table.rows[0].cells, headings, strict=True):
        run_add(cell.paragraphs[0], heading, size=size, bold=True)
    for values in rows:
        for cell, value in zip(table.add_row().cells, values, strict=True):
            run_add(cell.paragraphs[0], str(value), size=size)
    return table


def docx_bytes(document) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def docx_to_pdf(docx: bytes) -> bytes:
    """The Word document converted to PDF by LibreOffice; DocumentError when it cannot be."""
    with tempfile.TemporaryDirectory(prefix="document-") as folder:
        source = Path(folder) / "document.docx"
        source.write_bytes(docx)
        command = [settings.LIBREOFFICE_BINARY, f"-env:UserInstallation=file://{folder}/profile", "--headless",
                   "--convert-to", "pdf", "--outdir", folder, str(source)]
        try:
            subprocess.run(command, capture_output=True, timeout=PDF_TIMEOUT_SECONDS, check=True)
        except (OSError, subprocess.SubprocessError) as exc:
            raise DocumentError(str(exc)) from exc
        result = Path(folder) / "document.pdf"
        if not result.exists():
            raise DocumentError("LibreOffice wrote no PDF")
        return result.read_bytes()
