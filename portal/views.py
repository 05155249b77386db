import os

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render

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
