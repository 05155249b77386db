"""Who reads and who writes a thread. A thread is between the provincial office and one unit about one target: it
is read by whoever may read the target and that unit's rows (a prefecture its own threads and the provincial
units' on items it answers for, never another prefecture's), and written by the office and the unit itself (on a
problem, the coordinating unit and the units asked to help too). The administrators read none."""

from agencies.models import ADMINISTRATOR_ROLES
from agencies.permissions import is_coordinator
from problems.models import Problem
from problems.permissions import visible_problems_q
from reporting.models import PrefectureReport, ReportItem
from reporting.permissions import visible_reports
from supervision.permissions import acts_for_unit, sees_unit_row
from supervision.selectors import responsible_units
from tasks.permissions import can_view_item


def thread_units(target) -> list:
    """The units a target has threads with: an item's responsible units; a report item's prefecture; a problem's
    unit."""
    if isinstance(target, ReportItem):
        return [target.report.prefecture]
    if isinstance(target, Problem):
        return [target.agency]
    return [unit for unit, _role in responsible_units(target)]


def can_read_target(user, target) -> bool:
    if not user.is_authenticated or user.has_role(*ADMINISTRATOR_ROLES):
        return False
    if isinstance(target, ReportItem):
        return visible_reports(user, PrefectureReport.objects.filter(pk=target.report_id)).exists()
    if isinstance(target, Problem):
        return Problem.objects.filter(visible_problems_q(user), pk=target.pk).exists()
    return can_view_item(user, target)


def can_read_thread(user, target, unit) -> bool:
    """For a user who may read the target (can_read_target)."""
    return isinstance(target, Problem) or sees_unit_row(user, unit)


def can_write_thread(user, target, unit) -> bool:
    """For a user who may read the thread."""
    if is_coordinator(user) or acts_for_unit(user, unit):
        return True
    if isinstance(target, Problem):
        concerned = [target.owner, *target.helpers.all()] if target.owner else list(target.helpers.all())
        return any(acts_for_unit(user, other) for other in concerned)
    return False
