"""The workbook's 单位分项 sheet: each responsible unit's own part of each item with its terms, status and light,
scoped as the item page's grid (a prefecture reads its own parts, never another prefecture's)."""

import io
from datetime import date

import time_machine
from openpyxl import load_workbook

from agencies.models import Agency
from recompute.services import snapshots_recompute
from reporting.selectors import PartTerms, unit_part
from reporting.services import part_update_status
from supervision.services import assignment_save
from tasks.models import Task
from workbook.writer import PART_COLUMNS, ExportFilters, export_workbook


def build(user):
    buffer = io.BytesIO()
    export_workbook(user=user, filters=ExportFilters(year=2026, as_of=date(2026, 12, 2)), target=buffer)
    buffer.seek(0)
    return load_workbook(buffer)["单位分项"]


def test_each_units_part_is_listed_with_its_light_and_only_to_those_who_see_it(users):
    task = Task.objects.get(code="4.1")
    with time_machine.travel("2026-12-02 10:00 +0800"):
        assignment_save(item=task, agency=Agency.objects.get(name="昆明市"), actor=users["coordinator"],
                        part=PartTerms("建成市级平台", date(2027, 6, 30), ((2026, 60), (2027, 100))))
        part_update_status(item=task, status="in_progress", percent=70, narrative="=HYPERLINK(\"x\")",
                           actor=users["kunming"], expected_version=1)
        part_update_status(item=task, status="in_progress", percent=10, narrative="大理推进",
                           actor=users["dali"], expected_version=None)
        snapshots_recompute()
        sheet = build(users["coordinator"])
        assert [c.value for c in sheet[1]] == [h for h, _ in PART_COLUMNS]
        rows = {row[3]: row for row in ([c.value for c in r] for r in sheet.iter_rows(min_row=2))}
        kunming = rows["昆明市"]
        assert kunming[:5] == ["任务", "4.1", task.title, "昆明市", "建成市级平台"]
        assert kunming[6] == "2026年底前完成60%；2027年底前完成100%" and kunming[7] == "推进中"
        assert kunming[8] == 0.7 and kunming[9] == "绿灯" and kunming[10].startswith("按年度目标推进")
        assert kunming[11] == "=HYPERLINK(\"x\")"  # text typed by a user stays text
        assert sheet.cell(row=list(rows).index("昆明市") + 2, column=12).data_type == "s"
        assert rows["大理白族自治州"][5].date() == date(2025, 12, 31)  # no deadline of its own: the item's
        assert unit_part(task, Agency.objects.get(name="大理白族自治州")).percent == 10
        own = {row[3] for row in ([c.value for c in r] for r in build(users["kunming"]).iter_rows(min_row=2))}
        assert own == {"昆明市"}
