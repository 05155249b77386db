"""The Excel round trip of a prefecture report: a pre-filled template to fill offline, and the checks an
uploaded file passes before anything of it is saved (every error names the sheet, row and column)."""

import io
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.worksheet.datavalidation import DataValidation

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
from indicators.models import RollupMethod
from projects.models import KeyProject, Safeguard
from reporting.models import ITEM_KINDS
from reporting.services import ItemInput, LineInput
from tasks.models import REPORTED_STATUSES, STATUS_LABELS_ZH, Task

ITEM_SHEET, LINE_SHEET, INFO_SHEET = "事项进展", "指标数值", "说明"
ITEM_HEADERS = ["编号", "类型", "名称", "状态", "进展情况", "存在问题"]
LINE_HEADERS = ["指标编号", "指标名称", "单位", "汇总方式", "数值", "分子", "分母", "数据来源"]
ITEM_WIDTHS, LINE_WIDTHS = (10, 10, 40, 12, 50, 40), (10, 44, 10, 16, 12, 12, 12, 30)
# The statuses a unit reports (待销号审核 is the office's state of a completion request, not a choice).
STATUS_BY_LABEL = {STATUS_LABELS_ZH[status]: status for status, _label in REPORTED_STATUSES}
METHOD_LABELS = {RollupMethod.SUM: "求和", RollupMethod.AVERAGE: "平均", RollupMethod.MINIMUM: "最小值",
                 RollupMethod.MAXIMUM: "最大值", RollupMethod.LATEST: "最新值", RollupMethod.RATIO: "比率(填分子分母)"}


def report_workbook(report) -> bytes:
    """A workbook with the report's items and indicator lines; key columns locked, statuses as a drop-down."""
    book = Workbook()
    items = book.active
    items.title = ITEM_SHEET
    append_row(items, ITEM_HEADERS)
    for item in report.items.all():
        with translation.override("zh-hans"):
            kind = str(item.item._meta.verbose_name)  # 任务, 重点工程, 保障措施
        append_row(items, [item.code, kind, item.item.title, STATUS_LABELS_ZH.get(item.status, ""), item.narrative,
                      item.problems])
    status_list = DataValidation(type="list", formula1='"' + ",".join(STATUS_BY_LABEL) + '"', allow_blank=True,
                                 showErrorMessage=True, errorTitle="状态", error="请从下拉列表中选择状态")
    items.add_data_validation(status_list)
    status_list.add(f"D2:D{max(items.max_row, 2)}")
    lines = book.create_sheet(LINE_SHEET)
    append_row(lines, LINE_HEADERS)
    for line in report.indicator_lines.all():
        ind = line.indicator
        append_row(lines, [ind.code, ind.name, ind.unit, METHOD_LABELS.get(ind.rollup_method, ""),
                      line.value if ind.rollup_method != RollupMethod.RATIO else None,
                      line.numerator, line.denominator, line.source_note])
    info = book.create_sheet(INFO_SHEET)
    for row in (["州市", report.prefecture.name], ["报送周期", str(report.period)], ["报告编号", report.pk],
                stamp_row(subject=template_subject(report), version=report.version),
                ["填写说明", "灰色列不可修改;状态请从下拉列表选择;比率类指标填写分子和分母,数值由系统计算。"]):
        append_row(info, row)
    for sheet, editable_from, widths in ((items, 4, ITEM_WIDTHS), (lines, 5, LINE_WIDTHS)):
        format_template(sheet, editable_from, widths)
    info.protection.sheet = True
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def report_filename(report) -> str:
    return f"{report.period}-{report.prefecture.name}-进展报告.xlsx"


def template_subject(report) -> str:
    return f"report:{report.pk}"


def report_upload_parse(report, upload) -> tuple[dict, dict, TemplateStamp]:
    """Read an uploaded workbook into the inputs of report_save, and the stamp of what the template was made
    from, or raise ValidationError listing every problem. Nothing is saved here; report_upload_save then saves all
    of it or nothing, unless someone else changed the report since the template was made."""
    book = open_upload(upload, [ITEM_SHEET, LINE_SHEET, INFO_SHEET])
    stamp = template_stamp(book, INFO_SHEET, subject=template_subject(report))
    errors = []
    items_by_code = {item.code: item for item in report.items.select_related(*ITEM_KINDS)}
    lines_by_code = {line.indicator.code: line for line in report.indicator_lines.select_related("indicator")}
    known_tasks = set(Task.objects.values_list("code", flat=True))
    items, lines = {}, {}
    for row, values in read_rows(book[ITEM_SHEET], ITEM_HEADERS, errors, max_rows=len(items_by_code)):
        code = str(values["编号"] or "").strip()
        item = items_by_code.get(code)
        if item is None:
            known = code in known_tasks or KeyProject.is_code(code) or Safeguard.is_code(code)
            message = (_("item %(code)s is not part of this prefecture's report") if known
                       else _("unknown item code %(code)s")) % {"code": code or "(空)"}
            errors.append(UploadError(ITEM_SHEET, row, "编号", message))
            continue
        if item.pk in items:
            errors.append(UploadError(ITEM_SHEET, row, "编号", _("item %(code)s appears twice") % {"code": code}))
            continue
        label = str(values["状态"] or "").strip()
        if label and label not in STATUS_BY_LABEL:
            errors.append(UploadError(ITEM_SHEET, row, "状态", _("“%(v)s” is not a status; choose from the list")
                                      % {"v": label}))
            continue
        texts = {key: values[key] for key in ("进展情况", "存在问题")}
        if any(v is not None and not isinstance(v, str | int | float) for v in texts.values()):
            errors.append(UploadError(ITEM_SHEET, row, "进展情况", _("text is expected")))
            continue
        items[item.pk] = ItemInput(status=STATUS_BY_LABEL.get(label, ""), narrative=str(texts["进展情况"] or ""),
                                   problems=str(texts["存在问题"] or ""))
    for row, values in read_rows(book[LINE_SHEET], LINE_HEADERS, errors, max_rows=len(lines_by_code)):
        code = str(values["指标编号"] or "").strip()
        line = lines_by_code.get(code)
        if line is None:
            errors.append(UploadError(LINE_SHEET, row, "指标编号", _("indicator %(code)s is not reported by "
                                                                      "prefectures") % {"code": code or "(空)"}))
            continue
        numbers = {}
        for column in ("数值", "分子", "分母"):
            try:
                numbers[column] = parse_number(values[column])
            except (InvalidOperation, ValueError):
                message = _("“%(v)s” is not a number") % {"v": values[column]}
                errors.append(UploadError(LINE_SHEET, row, column, message))
        if len(numbers) < 3:
            continue
        for column, number in numbers.items():
            if number is not None and (number < 0 or number > Decimal("1e10")):
                errors.append(UploadError(LINE_SHEET, row, column, _("the number is out of range")))
        if line.indicator.unit == "%" and numbers["数值"] is not None and numbers["数值"] > 100:
            errors.append(UploadError(LINE_SHEET, row, "数值", _("a percentage cannot exceed 100")))
        is_ratio = line.indicator.rollup_method == RollupMethod.RATIO
        if is_ratio and (numbers["分子"] is None) != (numbers["分母"] is None):
            errors.append(UploadError(LINE_SHEET, row, "分母", _("give both the numerator and the denominator")))
        if numbers["分母"] is not None and numbers["分母"] == 0:
            errors.append(UploadError(LINE_SHEET, row, "分母", _("the denominator cannot be zero")))
        lines[line.pk] = LineInput(value=numbers["数值"], numerator=numbers["分子"], denominator=numbers["分母"],
                                   source_note=str(values["数据来源"] or "")[:300])
    if errors:
        raise ValidationError([str(e) for e in errors])
    return items, lines, stamp
