"""Excel helpers every workbook, template and upload shares: the house style of the workbooks the portal writes,
a locked template's look, and the guards and readers an uploaded workbook passes before anything of it is used
(each error names the sheet, row and column)."""

import re
import zipfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import PurePath

import xlsxwriter
from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.styles import Font, PatternFill, Protection
from openpyxl.utils import get_column_letter

from core.lights import LIGHT_COLOURS, LIGHT_TEXT_COLOURS, Light
from core.text import clean_text

MAX_UNCOMPRESSED = 20 * 1024 * 1024
MAX_RATIO = 100
LIGHT_LABELS = {Light.GREEN: "绿灯", Light.YELLOW: "黄灯", Light.RED: "红灯", Light.GREY: "灰灯"}


def format_template(sheet, editable_from: int, widths):
    """Bold header, grey locked key columns, the rest editable; the sheet protected so keys stay as given. `widths`:
    each column's, in characters, so its own headings and names fit (each sheet has its own)."""
    grey = PatternFill("solid", fgColor="DDDDDD")
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            if cell.column >= editable_from:
                cell.protection = Protection(locked=False)
            else:
                cell.fill = grey
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    sheet.protection.sheet = True


def append_row(sheet, values) -> None:
    """Append a row to an openpyxl sheet with every text as text: openpyxl would take "=HYPERLINK(…)" a user typed
    for a live formula, and refuse a control character; here text stays the string it was and reads back the same."""
    sheet.append([clean_text(v) if isinstance(v, str) else v for v in values])
    for cell in sheet[sheet.max_row]:
        if isinstance(cell.value, str):
            cell.data_type = "s"


@dataclass
class UploadError:
    sheet: str
    row: int | None
    column: str | None
    message: str

    def __str__(self):
        where = f"工作表“{self.sheet}”"
        if self.row:
            where += f"第{self.row}行"
        if self.column:
            where += f"“{self.column}”列"
        return f"{where}:{self.message}"


def _guard_file(upload) -> list[UploadError]:
    """Refuse what is not a modest .xlsx before openpyxl parses anything (zip bombs included)."""
    name = PurePath(upload.name or "").name
    if PurePath(name).suffix.lower() != ".xlsx":
        return [UploadError(name or "?", None, None, _("Only .xlsx files made from the downloaded template are "
                                                       "accepted."))]
    if upload.size > settings.REPORT_UPLOAD_MAX_BYTES:
        return [UploadError(name, None, None, _("The file is larger than %(mb)d MB.")
                            % {"mb": settings.REPORT_UPLOAD_MAX_BYTES // (1024 * 1024)})]
    upload.seek(0)
    try:
        archive = zipfile.ZipFile(upload)
        members = archive.infolist()
    except zipfile.BadZipFile:
        return [UploadError(name, None, None, _("The file is not a valid Excel workbook."))]
    total = sum(m.file_size for m in members)
    if len(members) > 1000 or total > MAX_UNCOMPRESSED or any(
            m.compress_size and m.file_size / m.compress_size > MAX_RATIO for m in members):
        return [UploadError(name, None, None, _("The workbook expands to more data than a report can hold; it "
                                                "was not opened."))]
    upload.seek(0)
    return []


def open_upload(upload, sheets: list[str]):
    """Open an uploaded template (after the guards) with every sheet it must have, or raise ValidationError."""
    errors = _guard_file(upload)
    if errors:
        raise ValidationError([str(e) for e in errors])
    try:
        book = load_workbook(upload, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged file; all mean the same to the user
        raise ValidationError([_("The file could not be read as an Excel workbook.")]) from exc
    missing = [UploadError(name, None, None, _("this sheet is missing; use the downloaded template"))
               for name in sheets if name not in book.sheetnames]
    if missing:
        raise ValidationError([str(e) for e in missing])
    return book


# The row of a template's 说明 sheet that stamps what the template was made from: which subject (a report, an
# allocation), which version, and when, signed so that an edited or borrowed stamp is refused. An upload is then
# saved only if nobody else changed the subject since, so a template downloaded before someone else's save
# cannot silently overwrite it.
STAMP_LABEL = "模板标识"
STAMP_ROWS = 10  # the 说明 sheet's rows a stamp may be on
STAMP_SALT = "core.xlsx.template"


@dataclass(frozen=True)
class TemplateStamp:
    subject: str
    version: int
    made_at: datetime


def stamp_row(*, subject: str, version: int) -> list:
    token = signing.dumps({"s": subject, "v": version, "t": timezone.now().isoformat()}, salt=STAMP_SALT)
    return [STAMP_LABEL, token]


def template_stamp(book, sheet: str, *, subject: str) -> TemplateStamp:
    """What an uploaded template was made from, or ValidationError: no stamp (an older template), an edited one,
    or one made for another report or target."""
    def refuse(message):
        return ValidationError([str(UploadError(sheet, None, None, message))])

    token = next((row[1] for row in _rows_within(book[sheet], rows=STAMP_ROWS, columns=2)
                  if row and row[0] == STAMP_LABEL), None)
    try:
        stamp = signing.loads(str(token), salt=STAMP_SALT) if token else None
    except signing.BadSignature:
        stamp = None
    if stamp is None:
        raise refuse(_("this workbook is not a template the portal made, or its stamp was changed; download the "
                       "template again and fill that one in"))
    if stamp["s"] != subject:
        raise refuse(_("this template was made for another report or target; download this one's template"))
    return TemplateStamp(subject, stamp["v"], datetime.fromisoformat(stamp["t"]))


# Columns a reader looks at beyond a template's own (a user's added column is still reported, not parsed).
SPARE_COLUMNS = 4


def _rows_within(sheet, *, rows: int, columns: int):
    """The sheet's first `rows` rows, `columns` cells each, whatever the file declares: read-only openpyxl pads
    every row and column a forged <dimension> claims (A1:XFD1048576 is 17 billion cells), so nothing is read past
    what the template can hold."""
    return sheet.iter_rows(min_row=1, max_row=rows, max_col=columns, values_only=True)


def read_rows(sheet, headers, errors, *, max_rows: int) -> list[tuple[int, dict]]:
    """The data rows of a template sheet under `headers` (rows of blanks skipped), at most `max_rows` of them (what
    the template was made with); a sheet holding more is refused at once, without reading further."""
    rows = list(_rows_within(sheet, rows=max_rows + 2, columns=len(headers) + SPARE_COLUMNS))
    if len(rows) == max_rows + 2 and any(v not in (None, "") for v in rows[-1]):
        errors.append(UploadError(sheet.title, max_rows + 2, None, _(
            "the sheet holds more rows than its template (%(n)d); use the downloaded template") % {"n": max_rows}))
        return []
    found = [str(c).strip() if c is not None else "" for c in (rows[0] if rows else [])]
    while found and found[-1] == "":
        found.pop()
    if found != headers:
        missing = [h for h in headers if h not in found]
        extra = [h for h in found if h not in headers]
        detail = []
        if missing:
            detail.append(_("missing columns: %(c)s") % {"c": "、".join(missing)})
        if extra:
            detail.append(_("unexpected columns: %(c)s") % {"c": "、".join(extra)})
        if not detail:
            detail.append(_("columns are out of order"))
        errors.append(UploadError(sheet.title, 1, None, _("the header row does not match the template (%(d)s)")
                                  % {"d": ";".join(detail)}))
        return []
    result = []
    for number, values in enumerate(rows[1:], start=2):
        if values is None or all(v in (None, "") for v in values):
            continue
        result.append((number, dict(zip(headers, values, strict=False))))
    return result


# Printing on A4 landscape: about this many units of column width fit across a page at 100%; a sheet is shrunk to
# fit its width only down to PRINT_MIN_SCALE (about 8 pt type). A wider sheet prints across several pages, row
# bands together, each page starting with the sheet's first column so a row can be told on every page.
PRINT_WIDTH_AT_FULL_SCALE = 140
PRINT_MIN_SCALE = 70
LINE_HEIGHT = 15  # points, a line of 11 pt type
MAX_ROW_HEIGHT = 409  # Excel's limit: a text of more than about 27 lines prints cut there; the cell keeps it whole


WIDE = re.compile("[\u2e80-\U0010ffff]")  # CJK and beyond: two units of column width each


def text_units(text: str) -> int:
    """Width of a text in Excel's column units: a Chinese character takes two (counted by a regular expression:
    a loop over the characters in Python was a fifth of an export's time)."""
    return len(text) + len(WIDE.findall(text))


def wrapped_lines(text: str, width: float) -> int:
    """How many lines `text` wraps to in a column `width` units wide."""
    per_line = max(int(width) - 1, 1)
    if 2 * len(text) <= per_line and "\n" not in text:
        return 1  # fits even if every character is wide: most cells, told without counting
    return sum(max(1, -(-text_units(line) // per_line)) for line in text.split("\n"))


def print_setup(sheet, widths) -> None:
    """A4 landscape, the header row on every page, fit to the page's width where that stays readable."""
    sheet.set_landscape()
    sheet.set_paper(9)  # A4
    sheet.repeat_rows(0)
    sheet.set_margins(left=0.4, right=0.4, top=0.5, bottom=0.5)
    if sum(widths) * PRINT_MIN_SCALE / 100 <= PRINT_WIDTH_AT_FULL_SCALE:
        sheet.fit_to_pages(1, 0)
    else:
        sheet.set_print_scale(PRINT_MIN_SCALE)
        sheet.repeat_columns(0)
        sheet.print_across()


class StyledWorkbook:
    """xlsxwriter with the house style: bold frozen headers, autofilter, widths, A4 landscape, light fills, rows
    as tall as their wrapped text (xlsxwriter writes no heights of its own, so a printed row showed one line)."""

    def __init__(self, target, progress):
        self.book = xlsxwriter.Workbook(target, {"constant_memory": True, "strings_to_numbers": False,
                                                 "default_date_format": "yyyy-mm-dd"})
        self.progress = progress
        self.rows_written = 0
        self.widths = {}  # sheet name: its columns' widths
        add = self.book.add_format
        self.header = add({"bold": True, "bg_color": "#DDEBF7", "border": 1, "text_wrap": True, "valign": "top"})
        self.text = add({"text_wrap": True, "valign": "top", "border": 1})
        self.date = add({"num_format": "yyyy-mm-dd", "valign": "top", "border": 1})
        self.datetime = add({"num_format": "yyyy-mm-dd hh:mm", "valign": "top", "border": 1})
        self.percent = add({"num_format": "0%", "valign": "top", "border": 1})
        self.number = add({"num_format": "General", "valign": "top", "border": 1})
        self.title = add({"bold": True, "font_size": 16})
        self.lights = {light: add({"bg_color": colour, "font_color": LIGHT_TEXT_COLOURS[light], "border": 1,
                                   "align": "center", "valign": "top"})
                       for light, colour in LIGHT_COLOURS.items()}

    def sheet(self, name, columns):
        sheet = self.book.add_worksheet(name)
        for col, (header, width) in enumerate(columns):
            sheet.set_column(col, col, width)
            sheet.write_string(0, col, header, self.header)
        sheet.freeze_panes(1, 0)
        widths = [width for _header, width in columns]
        self.widths[sheet.name] = widths
        print_setup(sheet, widths)
        sheet.set_row(0, LINE_HEIGHT * max(wrapped_lines(header, width) for header, width in columns))
        return sheet

    def write_row(self, sheet, row, values):
        """values: (value, kind) pairs; kind picks the cell format (text, date, percent, number, light)."""
        text = self.text
        widths = self.widths[sheet.name]
        # Typed text is cleaned once, for the row's height and for its cell, in one pass over the row.
        cleaned, lines = {}, 1
        for col, (value, kind) in enumerate(values):
            if kind == "text" and value is not None and value != "":
                cleaned[col] = value = clean_text(str(value))
                if col < len(widths):
                    lines = max(lines, wrapped_lines(value, widths[col]))
        if lines > 1:  # set before the row's cells: constant-memory mode writes a row once it moves past it
            sheet.set_row(row, min(LINE_HEIGHT * lines, MAX_ROW_HEIGHT))
        for col, (value, kind) in enumerate(values):
            if value is None or value == "":
                sheet.write_blank(row, col, None, text)
            elif kind == "text":  # always a string, never a formula, whatever it starts with
                sheet.write_string(row, col, cleaned[col], text)
            elif kind == "percent":
                sheet.write_number(row, col, value / 100, self.percent)
            elif kind == "number":
                sheet.write_number(row, col, value, self.number)
            elif kind == "light":
                sheet.write_string(row, col, LIGHT_LABELS.get(value, value), self.lights.get(value, text))
            elif kind == "date":
                sheet.write_datetime(row, col, value, self.date)
            else:  # datetime: Excel has no time zones, so the local time is written
                sheet.write_datetime(row, col, timezone.localtime(value).replace(tzinfo=None), self.datetime)
        self.rows_written += 1
        if self.progress and self.rows_written % 500 == 0:
            self.progress(self.rows_written)

    def finish(self, sheet, rows, columns):
        if rows:
            sheet.autofilter(0, 0, rows, len(columns) - 1)

    def close(self):
        self.book.close()
        if self.progress:
            self.progress(self.rows_written)


XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def xlsx_response(content: bytes, filename: str) -> HttpResponse:
    """A workbook download under its (Chinese) file name, encoded as RFC 6266 asks (ASCII `filename`, UTF-8
    `filename*`), so every browser saves it as an attachment with that name."""
    response = HttpResponse(content, content_type=XLSX_TYPE)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response
