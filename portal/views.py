import os

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from indicators.models import Indicator
from portal.exports import export_request
from portal.forms import ExportForm
from portal.models import Export, ExportStatus
from portal.paging import paginate
from portal.selectors import export_list, notification_list
from portal.services import notifications_mark_read
from tasks.selectors import plan_overview


@login_required
def home(request):
    return render(request, "portal/home.html", plan_overview())


@login_required
def notifications_view(request):
    if request.method == "POST":
        notifications_mark_read(user=request.user)
        return redirect(request.path)
    return render(request, "portal/notifications.html", {"page": paginate(request, notification_list(request.user))})


@login_required
def export_list_view(request):
    form = ExportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        export = export_request(user=request.user, filters=form.filters(),
                                background=request.POST.get("background") == "1")
        if export.status == ExportStatus.DONE:
            return redirect("portal:export-download", pk=export.pk)
        return redirect("portal:exports")
    return render(request, "portal/exports.html", {"form": form, "exports": export_list(request.user)},
                  status=400 if form.errors else 200)


@login_required
def export_progress_view(request, pk):
    try:
        export = export_list(request.user).get(pk=pk)
    except Export.DoesNotExist as exc:
        raise Http404 from exc
    return render(request, "portal/export_row.html", {"export": export})


@login_required
def export_download_view(request, pk):
    try:
        export = export_list(request.user).get(pk=pk, status=ExportStatus.DONE)
    except Export.DoesNotExist as exc:
        raise Http404 from exc
    if not os.path.exists(export.file):
        raise Http404
    return FileResponse(open(export.file, "rb"), as_attachment=True, filename=export.filename,
                        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")


@login_required
def dashboard_view(request, agency_id=None):
    """The plan at a glance (leadership, coordinators, auditors); others land on their own agency's page."""
    from agencies.models import Agency
    from portal import dashboard
    from portal.api.dashboard import sees_whole_plan

    if agency_id is None and not sees_whole_plan(request.user):
        if request.user.agency_id is None:
            raise Http404
        return redirect("portal:dashboard-agency", agency_id=request.user.agency_id)
    agency = None
    if agency_id is not None:
        agency = Agency.objects.filter(pk=agency_id).first()
        if agency is None or (not sees_whole_plan(request.user) and agency.pk != request.user.agency_id):
            raise Http404
    scope = dashboard.Scope(agency)
    return render(request, "portal/dashboard.html", {
        "agency": agency, "summary": dashboard.summary(scope),
        "targets": dashboard.targets_by_goal_area() if agency is None else [],
        "units": dashboard.units() if agency is None else [],
        # (code, label) pairs: nationally the selector lists thousands, so they are read and cut short at once
        "map_indicators": [(code, f"{code} {Truncator(name).chars(18)}") for code, name in Indicator.objects.filter(
            per_prefecture=True).order_by("code").values_list("code", "name")] if agency is None else [],
        "chart_labels": {"green": _("Green"), "yellow": _("Yellow"), "red": _("Red"), "grey": _("Grey"),
                         "progress": _("Weighted progress"), "no_data": _("No data"),
                         "reporting_rate": _("Reporting rate"), "on_time_rate": _("On-time rate"),
                         "red_share": _("Share of red items"), "indicator": _("Value")},
    })


def not_found(request, exception=None):
    """404: JSON in the API's error shape under /api/, the site's page elsewhere."""
    from django.views.defaults import page_not_found

    if request.path.startswith("/api/"):
        from django.http import JsonResponse

        return JsonResponse({"code": "not_found", "message": _("Not found."), "fields": {}}, status=404)
    return page_not_found(request, exception)
