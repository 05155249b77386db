"""The Excel round trip of an allocation: a template listing the 16 prefectures, and the checks an uploaded one
passes before anything is saved (the same guards and messages as a report upload)."""

import io
from decimal import InvalidOperation

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from openpyxl import Workbook

from agencies.models import Agency
from core.numbers import parse_number
from core.xlsx import (
    TemplateStamp,
    UploadError,
    append_row,
    format_template,
    open_upload,
    read_rows,
    stamp_row,
    template_stamp,
)

SHEET, INFO_SHEET = "目标分配", "说明"
HEADERS = ["州市代码", "州市", "分配目标值"]


def allocation_workbook(detail: dict) -> bytes:
    indicator = detail["indicator"]
    book = Workbook()
    sheet = book.active
    sheet.title = SHEET
    append_row(sheet, HEADERS)
    for row in detail["rows"]:
        append_row(sheet, [row["prefecture"].code, row["prefecture"].name, row["target"]])
    format_template(sheet, editable_from=3, widths=(10, 24, 14))
    info = book.create_sheet(INFO_SHEET)
    for line in (["指标", f"{indicator.code} {indicator.name}"],
                 ["全省目标", f"{indicator.target_display} ({indicator.target_year}年)"],
                 stamp_row(subject=template_subject(indicator),
                           version=detail["allocation"].version if detail["allocation"] else 0),
                 ["填写说明", "只填写“分配目标值”列;计数类指标各州市之和应等于全省目标,否则须在页面上勾选“部分分配”"
                           "并说明原因。空白表示该州市不分配。"]):
        append_row(info, line)
    info.protection.sheet = True
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def template_subject(indicator) -> str:
    return f"allocation:{indicator.code}"


def allocation_upload_parse(indicator, upload) -> tuple[dict, TemplateStamp]:
    """({prefecture: Decimal or None}, the stamp of what the template was made from) from an uploaded template
    of this indicator's allocation, or ValidationError listing every problem."""
    book = open_upload(upload, [SHEET, INFO_SHEET])
    stamp = template_stamp(book, INFO_SHEET, subject=template_subject(indicator))
    errors: list[UploadError] = []
    by_code = {p.code: p for p in Agency.objects.prefectures()}
    shares = {}
    for row, values in read_rows(book[SHEET], HEADERS, errors, max_rows=len(by_code)):
        code = str(values["州市代码"] or "").strip()
        prefecture = by_code.get(code)
        if prefecture is None:
            errors.append(UploadError(SHEET, row, "州市代码", _("unknown prefecture code %(code)s")
                                      % {"code": code or "(空)"}))
            continue
        if prefecture in shares:
            errors.append(UploadError(SHEET, row, "州市代码", _("prefecture %(code)s appears twice")
                                      % {"code": code}))
            continue
        try:
            shares[prefecture] = parse_number(values["分配目标值"])
        except (InvalidOperation, ValueError):
            errors.append(UploadError(SHEET, row, "分配目标值", _("“%(v)s” is not a number")
                                      % {"v": values["分配目标值"]}))
    if errors:
        raise ValidationError([str(e) for e in errors])
    return shares, stamp
