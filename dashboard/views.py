"""The home page (the plan at a glance in text) and the dashboard (in figures and charts)."""

from html import escape

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from agencies.models import Agency, Role
from core.dates import PLAN_END, parse_as_of
from dashboard import selectors as dashboard
from dashboard.permissions import can_view_agency_dashboard, default_dashboard_agency
from evaluation.final import final_counts
from evaluation.permissions import can_read_evaluation
from indicators.models import Indicator
from notices.selectors import listed_for_leadership
from problems.selectors import open_problems_summary
from tasks.selectors import plan_overview
from worklist.queues import work_queue_for


@login_required
def home(request):
    """Where each role starts: its work queue above the plan at a glance; leadership (who acts on no queue) lands
    on the dashboard."""
    queue = work_queue_for(request.user, timezone.localdate())
    if not queue and request.user.has_role(Role.LEADERSHIP) and not request.user.has_role(Role.COORDINATOR):
        return redirect("dashboard:dashboard")
    return render(request, "dashboard/home.html", plan_overview() | {"queue": queue, "show_queue": True})


@login_required
def plan_view(request):
    """The plan at a glance, for everyone (the navigation's 规划)."""
    return render(request, "dashboard/home.html", plan_overview())


def _map_indicator_options() -> str:
    """The map's choice of per-prefecture targets, as <option>s: nationally there are thousands, which a template
    loop (or format_html_join) renders in tens of milliseconds and a plain join of escaped text in a few (bench/)."""
    rows = Indicator.objects.filter(per_prefecture=True).order_by("code").values_list("code", "name", "unit")
    return mark_safe("".join(  # every value is escaped just here
        f'<option value="indicator" data-indicator="{escape(code)}" data-unit="{escape(unit)}">{escape(code)} '
        f'{escape(name if len(name) <= LABEL_CHARS else name[:LABEL_CHARS - 1] + "…")}</option>'
        for code, name, unit in rows))


LABEL_CHARS = 18


@login_required
def dashboard_view(request, agency_id=None):
    """The plan at a glance (leadership, coordinators, auditors); others land on their own agency's page."""
    if agency_id is None:
        try:
            own = default_dashboard_agency(request.user)
        except PermissionDenied as exc:
            raise Http404 from exc
        if own is not None:
            return redirect("dashboard:agency", agency_id=own.pk)
    agency = None
    if agency_id is not None:
        agency = Agency.objects.filter(pk=agency_id).first()
        if agency is None or not can_view_agency_dashboard(request.user, agency):
            raise Http404
    # A past date (?as_of=): the lights, figures and targets of that day's snapshot; what has no history (the map
    # of reporting, the overdue list, open problems, escalated notices) is today's only and not shown then.
    first_snapshot = dashboard.first_snapshot_date()
    try:
        as_of, as_of_error = parse_as_of(request.GET.get("as_of")), None
        if as_of and (first_snapshot is None or as_of < first_snapshot):
            raise ValidationError(_("There are no lights before %(day)s, the first snapshot.") % {
                "day": first_snapshot or timezone.localdate()})
    except ValidationError as error:
        as_of, as_of_error = None, error.messages[0]
    scope = dashboard.Scope(agency, as_of=as_of)
    now = as_of is None
    return render(request, "dashboard/dashboard.html", {
        "agency": agency, "summary": dashboard.summary(scope), "as_of": as_of, "as_of_error": as_of_error,
        "first_snapshot": first_snapshot,
        "targets": dashboard.targets_by_goal_area(as_of) if agency is None else [],
        "units": dashboard.units(as_of=as_of) if agency is None else [],
        "most_overdue": dashboard.most_overdue() if agency is None and now else [],
        "parts": dashboard.agency_parts(agency) if agency is not None and now else None,
        "escalated": list(listed_for_leadership()) if agency is None and now else [],
        "problems": open_problems_summary(agency) if now else None,
        # Once the plan period has ended, what became of it (终期评估) heads the page for those who read it.
        "final": final_counts(timezone.localdate())
        if agency is None and now and timezone.localdate() > PLAN_END and can_read_evaluation(request.user)
        else None,
        "map_indicator_options": _map_indicator_options() if agency is None else "",
        "chart_labels": {"green": _("Green"), "yellow": _("Yellow"), "red": _("Red"), "grey": _("Grey"),
                         "progress": _("Average progress"), "no_data": _("No data"),
                         "reporting_rate": _("Reporting rate"), "on_time_rate": _("On-time rate"),
                         "red_share": _("Share of red items"), "indicator": _("Value"),
                         "pending": _("Awaiting review"), "map_no_data": _("grey: no data"),
                         "no_trend": _("No history yet: the trend fills in month by month from the daily snapshots.")},
    }, status=400 if as_of_error else 200)
