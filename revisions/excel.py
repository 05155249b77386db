"""Plan revisions in Excel: the 规划调整 sheet (downloaded from the plan changes page, and one sheet of the annual
workbook) and the one-line summary of an item's revisions the workbook's item sheets carry."""

from core.xlsx import StyledWorkbook

SCOPE_FIELD = {"deadline": "完成时限", "target_value": "目标值", "target_year": "目标年份", "scope": "适用范围"}


def revision_summary(revisions) -> str:
    """Original → revised, with the reason, the document and the date, one line per revision (oldest first)."""
    return "\n".join(f"{SCOPE_FIELD.get(r.field, r.get_field_display())}:{r.old_display or '—'}→{r.new_display}"
                     f"({r.reason};{r.reference};{r.effective_from:%Y-%m-%d}起)" for r in revisions)


REVISION_COLUMNS = [("生效日期", 12), ("编号", 9), ("名称", 30), ("调整内容", 10), ("原值", 14), ("调整后", 14),
                    ("调整理由", 40), ("决定文件", 30), ("调整人", 12), ("记录时间", 17)]


def revisions_sheet(book, revisions) -> None:
    """规划调整: every revision the user may see, newest first (also downloadable from the plan changes page)."""
    sheet = book.sheet("规划调整", REVISION_COLUMNS)
    count = 0
    for count, r in enumerate(revisions, start=1):
        book.write_row(sheet, count, [
            (r.effective_from, "date"), (r.subject_code, "text"), (r.subject_name, "text"),
            (SCOPE_FIELD.get(r.field, r.field), "text"), (r.old_display, "text"), (r.new_display, "text"),
            (r.reason, "text"), (r.reference, "text"), (r.actor.get_full_name() or r.actor.username, "text"),
            (r.created_at, "datetime")])
    book.finish(sheet, count, REVISION_COLUMNS)


def revisions_workbook(*, revisions, target) -> int:
    book = StyledWorkbook(target, None)
    revisions_sheet(book, revisions)
    book.close()
    return book.rows_written
