"""period_open: a report for each prefecture holding exactly the items and indicators it answers for; opening the
period again adds nothing."""

from indicators.models import Indicator
from projects.models import KeyProject
from reporting.services import (
    period_open,
)
from tasks.models import Task

DUE = "2025-07-10"


def test_opening_a_period_creates_16_reports_with_exactly_each_prefectures_items(period, users):
    assert (str(period), period.start.isoformat(), period.end.isoformat(), period.due_date.isoformat()) == (
        "2025年第2季度", "2025-04-01", "2025-06-30", DUE)
    assert period.reports.count() == 16
    per_prefecture = set(Indicator.objects.filter(per_prefecture=True).values_list("code", flat=True))
    for report in period.reports.select_related("prefecture"):
        prefecture = report.prefecture
        tasks = set(Task.objects.for_agency(prefecture).values_list("code", flat=True))
        projects = set(KeyProject.objects.for_agency(prefecture).values_list("number", flat=True))
        assert {i.task.code for i in report.items.filter(task__isnull=False)} == tasks
        assert {i.key_project.number for i in report.items.filter(key_project__isnull=False)} == projects
        # Every prefecture answers for the three safeguard measures, through 各州、市人民政府.
        assert {i.safeguard.number for i in report.items.filter(safeguard__isnull=False)} == {1, 2, 3}
        assert set(report.indicator_lines.values_list("indicator__code", flat=True)) == per_prefecture
    assert "2.1" not in tasks and 9 not in projects  # items naming no prefecture are not reported by prefectures
    period_open(year=2025, number=2, actor=users["coordinator"])  # opening again adds nothing
    assert period.reports.count() == 16 and report.items.count() == len(tasks) + len(projects) + 3
