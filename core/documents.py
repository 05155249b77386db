"""Official documents (公文) in Word, and their PDF: the pieces every document of the portal shares (督办单,
通报). Word by python-docx: the body in 仿宋 (Word falls back to the reader's own FangSong or a similar font where it
is not installed), titles in 方正小标宋, the issuer in red, A4 with the margins of GB/T 9704. PDF converted from the
Word document by LibreOffice (headless, a profile of its own per conversion so that conversions may run side by
side)."""

import copy
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
# What python-docx writes as elements of their own rather than as text of a <w:t> (Run.text: <w:tab/>, <w:br/>).
TAB_OR_BREAK = re.compile("[\t\r\n]")
CELL_RUNS, TEXT, SPACE = f"{qn('w:tc')}/{qn('w:p')}/{qn('w:r')}", qn("w:t"), qn("xml:space")


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
    # The body rows are copies of one row written by python-docx with an empty run in each cell, then given their
    # texts: add_row() and cell access look the table's rows and grid up again for every row, which took seconds
    # for the national bulletin (thousands of rows). The XML is the same as run_add() writes in each cell.
    template = table.add_row()
    for cell in template.cells:
        run_add(cell.paragraphs[0], "", size=size)
    tbl, empty_row = table._tbl, template._tr
    tbl.remove(empty_row)
    for values in rows:
        row = copy.deepcopy(empty_row)
        for run, value in zip(row.iterfind(CELL_RUNS), values, strict=True):
            _run_text_set(run, NOT_IN_XML.sub("", str(value)))
        tbl.append(row)
    return table


def _run_text_set(run, text: str) -> None:
    """The text of an empty run (a w:r element), as python-docx's Run.text writes it: one <w:t>, which keeps its
    spaces when it starts or ends with one; python-docx itself for tabs and line breaks."""
    if TAB_OR_BREAK.search(text):
        run.text = text  # CT_R.text: <w:t>, <w:tab/> and <w:br/> in turn
    elif text:
        element = run.makeelement(TEXT)
        element.text = text
        if len(text.strip()) < len(text):
            element.set(SPACE, "preserve")
        run.append(element)


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
