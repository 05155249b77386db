"""The security audit log as a workbook for auditors (house style, core.xlsx)."""

from io import BytesIO

from core.xlsx import StyledWorkbook

AUDIT_COLUMNS = [("时间", 20), ("事件", 16), ("用户", 14), ("来源地址", 16), ("对象", 36), ("结果", 8), ("详情", 50),
                 ("哈希", 20)]


def audit_workbook(records) -> tuple[bytes, int]:
    """(the workbook, how many records it holds) for the given records, newest first as listed."""
    buffer = BytesIO()
    book = StyledWorkbook(buffer, None)
    sheet = book.sheet("安全审计日志", AUDIT_COLUMNS)
    count = 0
    for count, record in enumerate(records, start=1):
        book.write_row(sheet, count, [(record.at, "datetime"), (record.get_event_display(), "text"),
                                      (record.username, "text"), (record.address, "text"), (record.object, "text"),
                                      (record.get_result_display(), "text"), (record.detail, "text"),
                                      (record.hash, "text")])
    book.finish(sheet, count, AUDIT_COLUMNS)
    book.close()
    return buffer.getvalue(), count
