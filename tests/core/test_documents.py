"""core.documents.table_add writes its body rows by copying one row (python-docx's add_row is O(rows) a row): the
table is the one python-docx writes cell by cell, whatever the texts (spaces kept, tabs and line breaks, characters
XML cannot hold), and reads back the same."""

import io

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from lxml import etree

from core.documents import docx_bytes, official_document, run_add, table_add

HEADINGS = ("序号", "单位", "说明")
ROWS = [(1, "省应急管理厅", "按期推进"), (2, " 昆明市", "逾期\n未报送"), (3, "", "a\tb\x07c "), (4, 5.5, None)]


def _cell_by_cell(document, headings, rows, *, size):
    """The table as python-docx writes it through its own API, one cell at a time."""
    table = document.add_table(rows=1, cols=len(headings))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, heading in zip(table.rows[0].cells, headings, strict=True):
        run_add(cell.paragraphs[0], heading, size=size, bold=True)
    for values in rows:
        for cell, value in zip(table.add_row().cells, values, strict=True):
            run_add(cell.paragraphs[0], str(value), size=size)
    return table


def test_the_table_is_the_one_python_docx_writes_cell_by_cell():
    fast, slow = table_add(official_document(), HEADINGS, ROWS, size=10), _cell_by_cell(
        official_document(), HEADINGS, ROWS, size=10)
    assert etree.tostring(fast._tbl) == etree.tostring(slow._tbl)


def test_the_document_reads_back_with_its_texts_and_formats():
    document = official_document()
    table_add(document, HEADINGS, ROWS, size=10)
    table = Document(io.BytesIO(docx_bytes(document))).tables[0]
    assert [[cell.text for cell in row.cells] for row in table.rows] == [
        list(HEADINGS), ["1", "省应急管理厅", "按期推进"], ["2", " 昆明市", "逾期\n未报送"], ["3", "", "a\tbc "],
        ["4", "5.5", "None"]]
    run = table.rows[2].cells[1].paragraphs[0].runs[0]
    assert (run.font.size.pt, run.font.bold, run.font.name, table.style.name) == (10, False, "仿宋", "Table Grid")


def test_a_table_with_no_rows_has_its_heading_alone():
    assert len(table_add(official_document(), HEADINGS, []).rows) == 1
