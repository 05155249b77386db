"""The annual evaluation workbook (workbook.writer): every sheet's headers and rows checked against the database,
formats and light fills, scoping by role (evidence counts too), revisions shown beside the original, and a clean
LibreOffice conversion."""

import io
import shutil
import subprocess
from datetime import date

import pytest
import time_machine
from django.utils import timezone
from openpyxl import load_workbook
from pypdf import PdfReader

from agencies.models import Agency
from core.lights import LIGHT_COLOURS, Light
from core.xlsx import PRINT_MIN_SCALE
from evaluation.scoring import DEFAULT_CRITERIA
from evaluation.services import scheme_save, score_adjust
from indicators.models import Indicator
from projects.models import KeyProject
from recompute.services import snapshots_recompute
from reporting.services import (
    progress_entry_add,
)
from revisions.excel import REVISION_COLUMNS
from snapshots.models import LightSnapshot
from tasks.models import Task
from tests.factories import DECISION, deadline_revised, pdf_file, status_set
from tests.workbook import AS_OF, SHEETS
from workbook.writer import (
    FINAL_ITEM_COLUMNS,
    ITEM_COLUMNS,
    OVERDUE_COLUMNS,
    REPORTING_COLUMNS,
    TARGET_COLUMNS,
    UNIT_COLUMNS,
    ExportFilters,
    export_workbook,
)


def build(user, **filters):
    buffer = io.BytesIO()
    export_workbook(user=user, filters=ExportFilters(year=2025, as_of=AS_OF, **filters), target=buffer)
    buffer.seek(0)
    return load_workbook(buffer)


def rows(sheet):
    return [[c.value for c in row] for row in sheet.iter_rows(min_row=2)]


def test_every_sheet_and_its_rows_match_the_database(evaluated):
    book = build(evaluated["coordinator"])
    assert book.sheetnames == SHEETS
    tasks = book["重点任务"]
    assert [c.value for c in tasks[1]] == [h for h, _ in ITEM_COLUMNS]
    assert tasks.max_row - 1 == Task.objects.count()
    assert book["重点工程"].max_row - 1 == KeyProject.objects.count()
    safeguards = rows(book["保障措施"])
    assert [row[0] for row in safeguards] == ["保障1", "保障2", "保障3"] and safeguards[0][3] == "省级有关部门"
    assert book["主要指标"].max_row - 1 == Indicator.objects.count()
    by_code = {row[0]: row for row in rows(tasks)}
    overdue = by_code["4.1"]
    assert overdue[3] == "省消防救援总队" and overdue[5].date() == date(2025, 12, 31)
    assert overdue[6] == "推进中" and overdue[7] == 0.6 and overdue[8] == "红灯"
    assert overdue[9] == "已超过完成时限(2025-12-31)5天,完成度60%"
    assert (overdue[10], overdue[11], overdue[12], overdue[14], overdue[15]) == (
        "建成专职消防队32支", "经费不足", "年底前完成", "fire", 0)
    ongoing = by_code["1.3"]
    assert ongoing[5] == "持续推进" and ongoing[8] == "红灯"  # last reported in 昆明's report of 2025-07-01
    assert ongoing[9].startswith("最近一次进展报送于2025-07-01")
    targets = {row[0]: row for row in rows(book["主要指标"])}
    fire = targets["I30"]  # a ≤ target, met
    assert (fire[3], fire[6], fire[8], fire[10]) == ("≤", 0.9, 0.85, "省级统计数据")
    assert (fire[12], fire[13]) == ("已实现", "绿灯")
    overdue_rows = rows(book["逾期事项"])
    red_tasks = [row for row in overdue_rows if row[0] == "任务"]
    red_ids = LightSnapshot.objects.filter(kind="task", date=AS_OF, light="red").values("subject_id")
    assert {row[1] for row in red_tasks} == set(Task.objects.filter(pk__in=red_ids).values_list("code", flat=True))
    assert {t.code for t in Task.objects.filter(deadline__lt=AS_OF)} <= {row[1] for row in red_tasks}
    assert next(row for row in red_tasks if row[1] == "4.1")[6] == 5
    reporting = rows(book["州市报送"])
    assert len(reporting) == 16
    kunming = next(row for row in reporting if row[0] == "昆明市")
    assert kunming[3:8] == [1, 1, 1, 0, 0] and kunming[9] == 1
    values = book["州市指标数值"]
    assert [c.value for c in values[1]][3] == "昆明" and next(r for r in rows(values) if r[0] == "I11")[3] == 7
    units = {row[0]: row for row in rows(book["单位汇总"])}
    assert units["省消防救援总队"][1] == Task.objects.for_agency(
        Agency.objects.get(name="省消防救援总队"), role="lead").count() + KeyProject.objects.for_agency(
        Agency.objects.get(name="省消防救援总队"), role="lead").count()
    cover = book["封面"]
    assert "2025年度评估台账" in cover["A1"].value and cover["B4"].value == "2026-01-05"


def test_formats_fills_and_print_setup(evaluated):
    tasks = build(evaluated["coordinator"])["重点任务"]
    row = next(r for r in tasks.iter_rows(min_row=2) if r[0].value == "4.1")
    assert row[5].number_format == "yyyy-mm-dd" and row[7].number_format == "0%"
    # the lights' colours are the pages' (core.lights), one definition for both
    assert row[8].fill.fgColor.rgb.endswith(LIGHT_COLOURS[Light.RED].lstrip("#").upper())
    green = next(r for r in tasks.iter_rows(min_row=2) if r[8].value == "绿灯")
    assert green[8].fill.fgColor.rgb.endswith(LIGHT_COLOURS[Light.GREEN].lstrip("#").upper())
    assert tasks.freeze_panes == "A2" and tasks.auto_filter.ref.startswith("A1:Q")
    assert tasks["A1"].font.b and tasks.page_setup.orientation == "landscape" and tasks.page_setup.paperSize == 9
    assert tasks.page_setup.scale == PRINT_MIN_SCALE and tasks.print_title_rows == "$1:$1"


def test_exports_are_scoped_to_the_role(evaluated):
    kunming = build(evaluated["kunming"])
    codes = {row[0] for row in rows(kunming["重点任务"])}
    assert codes == set(Task.objects.for_agency(Agency.objects.get(name="昆明市")).values_list("code", flat=True))
    assert {row[0] for row in rows(kunming["州市报送"])} == {"昆明市"}
    dali = build(evaluated["dali"])
    assert {row[0] for row in rows(dali["州市报送"])} == {"大理白族自治州"}
    assert all(row[3] is None for row in rows(dali["州市指标数值"]) if len(row) > 3)  # no 昆明 value for 大理
    group = build(evaluated["coordinator"], group=4)
    assert {row[0] for row in rows(group["重点任务"])} == {"4.1", "4.2", "4.3", "4.4"}


LONG_NARRATIVE = "已完成全省专职消防队伍建设规划编制，" * 6 + "年底前全部建成投用"


@pytest.mark.skipif(not shutil.which("soffice"), reason="needs LibreOffice: apt-get install libreoffice-calc-nogui")
def test_the_workbook_converts_cleanly_with_libreoffice_and_prints_whole_rows(evaluated, tmp_path):
    with time_machine.travel("2025-08-01 09:00 +0800"):  # the newest update before the as-of date
        status_set("4.1", actor=evaluated["fire"], percent=70, narrative=LONG_NARRATIVE)
    path = tmp_path / "台账.xlsx"
    export_workbook(user=evaluated["coordinator"], filters=ExportFilters(year=2025, as_of=AS_OF), target=str(path))
    result = subprocess.run(["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(path)],
                            capture_output=True, text=True, timeout=180,
                            env={"HOME": str(tmp_path), "PATH": "/usr/bin:/bin"})
    assert result.returncode == 0, result.stderr
    pdf = tmp_path / "台账.pdf"
    assert pdf.exists() and pdf.read_bytes().startswith(b"%PDF") and pdf.stat().st_size > 5000
    # A wrapped cell prints whole: its last words are on the page, not cut off below a one-line row.
    printed = "".join(page.extract_text() for page in PdfReader(pdf).pages).replace("\n", "")
    assert "年底前全部建成投用" in printed


def test_the_sheets_print_on_a4_landscape_at_a_readable_size(evaluated):
    with time_machine.travel("2025-08-01 09:00 +0800"):  # the newest update before the as-of date
        status_set("4.1", actor=evaluated["fire"], percent=70, narrative=LONG_NARRATIVE)
    book = build(evaluated["coordinator"])
    for sheet in book.worksheets:
        setup = sheet.page_setup
        assert setup.orientation == "landscape" and setup.paperSize == 9, sheet.title
        fits = sheet.sheet_properties.pageSetUpPr is not None and sheet.sheet_properties.pageSetUpPr.fitToPage
        if not fits:  # too wide to fit at a readable size: printed across pages, the first column on each
            assert setup.scale == PRINT_MIN_SCALE and sheet.print_title_cols == "$A:$A", sheet.title
    tasks = book["重点任务"]
    assert not tasks.sheet_properties.pageSetUpPr.fitToPage and tasks.print_title_rows == "$1:$1"
    assert book["州市报送"].sheet_properties.pageSetUpPr.fitToPage  # narrow: one page wide
    row = next(r for r in tasks.iter_rows(min_row=2) if r[0].value == "4.1")[0].row
    # 最新进展 is 44 units wide: the narrative (about 230 units) wraps to 6 lines, and the row is that tall
    assert tasks.row_dimensions[row].height == 15 * 6


def test_every_sheet_has_its_chinese_headers(evaluated):
    book = build(evaluated["coordinator"])
    expected = {"重点任务": ITEM_COLUMNS, "重点工程": ITEM_COLUMNS, "保障措施": ITEM_COLUMNS,
                "主要指标": TARGET_COLUMNS, "州市报送": REPORTING_COLUMNS, "逾期事项": OVERDUE_COLUMNS,
                "单位汇总": UNIT_COLUMNS, "规划调整": REVISION_COLUMNS}
    for name, columns in expected.items():
        sheet = book[name]
        assert [c.value for c in sheet[1]] == [h for h, _ in columns], name
        assert sheet.freeze_panes == "A2" and sheet["A1"].font.b, name
    prefecture_headers = [c.value for c in book["州市指标数值"][1]]
    assert prefecture_headers[:3] == ["编号", "指标", "单位"] and len(prefecture_headers) == 19
    assert book["州市指标数值"].max_row - 1 == Indicator.objects.filter(per_prefecture=True).count()
    assert book["单位汇总"].max_row - 1 == len({r.agency_id for t in Task.objects.prefetch_related(
        "responsibilities") for r in t.responsibilities.all()} | {r.agency_id for p in KeyProject.objects
        .prefetch_related("responsibilities") for r in p.responsibilities.all()})


def test_an_export_counts_only_evidence_the_user_may_see(users):
    task = Task.objects.get(code="4.1")
    progress_entry_add(item=task, narrative="大理", actor=users["dali"], files=[pdf_file()])
    progress_entry_add(item=task, narrative="总队", actor=users["fire"], files=[pdf_file()])

    def count(user):
        buffer = io.BytesIO()
        export_workbook(user=user, filters=ExportFilters(year=2025, as_of=timezone.localdate()),
                        target=buffer)
        buffer.seek(0)
        rows = load_workbook(buffer)["重点任务"].iter_rows(min_row=2, values_only=True)
        return next(row for row in rows if row[0] == "4.1")[15]

    assert (count(users["kunming"]), count(users["dali"]), count(users["leader"])) == (1, 2, 2)


def test_the_export_shows_original_and_revised(users):
    with time_machine.travel("2026-02-01 10:00 +0800"):
        deadline_revised(actor=users["coordinator"])
        snapshots_recompute()
        buffer = io.BytesIO()
        export_workbook(user=users["coordinator"], filters=ExportFilters(year=2026, as_of=date(2026, 2, 1)),
                        target=buffer)
    book = load_workbook(buffer)
    header = [c.value for c in book["重点任务"][1]]
    row = next(r for r in book["重点任务"].iter_rows(min_row=2, values_only=True) if r[0] == "1.1")
    assert row[header.index("完成时限")].date() == date(2026, 12, 31)
    summary = row[header.index("规划调整")]
    assert "2025-12-31→2026-12-31" in summary and "省政府决定延期一年" in summary and DECISION in summary
    changes = list(book["规划调整"].iter_rows(min_row=2, values_only=True))
    assert len(changes) == 1 and changes[0][1:6] == ("1.1", Task.objects.get(code="1.1").title, "完成时限",
                                                     "2025-12-31", "2026-12-31")


def test_the_final_evaluation_sheets_in_2025s_workbook_for_the_whole_plan_only(evaluated):
    with time_machine.travel("2026-12-02 09:00 +0800"):
        book = build(evaluated["leader"])
        items = rows(book["终期评估-事项"])
        assert [c.value for c in book["终期评估-事项"][1]] == [h for h, _ in FINAL_ITEM_COLUMNS]
        assert len(items) == Task.objects.count() + KeyProject.objects.count()
        assert {row[5] for row in items} <= {"按期完成", "逾期完成", "未完成", "持续推进", "撤销或合并"}
        four_one = next(row for row in items if row[1] == "4.1")
        assert four_one[3] == "省消防救援总队" and four_one[5] == "未完成" and "未完成" in four_one[7]
        targets = {row[0]: row for row in rows(book["终期评估-指标"])}
        assert len(targets) == Indicator.objects.count() and targets["I30"][5] == "已实现"  # 0.85‰ ≤ 0.9‰
        units = rows(book["终期评估-单位"])
        assert sum(1 for row in units if row[0] == "州市") == 16
        assert "终期评估-事项" not in build(evaluated["water"]).sheetnames
        buffer = io.BytesIO()
        export_workbook(user=evaluated["leader"], filters=ExportFilters(year=2024, as_of=AS_OF), target=buffer)
        assert "终期评估-事项" not in load_workbook(buffer).sheetnames


def test_the_scores_sheet_when_the_year_has_a_scheme_with_a_typed_reason_as_text(evaluated):
    with time_machine.travel("2026-03-02 09:00 +0800"):
        scheme = scheme_save(year=2025, criteria=DEFAULT_CRITERIA, actor=evaluated["coordinator"],
                             expected_version=0)
        score_adjust(scheme=scheme, agency=Agency.objects.get(name="昆明市"), points=-1, reason="=1+1 数据不实",
                     actor=evaluated["coordinator"])
        sheet = build(evaluated["leader"])["考核评分"]
        scored = {row[2]: row for row in rows(sheet)}
        assert len([row for row in scored.values() if row[0] == "州市"]) == 16
        kunming = scored["昆明市"]
        assert kunming[4] == -1 and kunming[5] == kunming[3] - 1 and "报送及时率" in kunming[6]
        row = next(cells for cells in sheet.iter_rows(min_row=2) if cells[2].value == "昆明市")
        assert kunming[7] == "-1.0分：=1+1 数据不实" and row[7].data_type == "s"  # typed text, never a formula
        own = build(evaluated["kunming"])["考核评分"]
        assert [row[2] for row in rows(own)] == ["昆明市"]
        assert rows(build(evaluated["sysadmin"])["考核评分"]) == []  # 三员 read no plan data
