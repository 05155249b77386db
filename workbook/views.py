"""The exports page: ask for a workbook, follow its progress, download it."""

import os

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render

from audit.models import AuditEvent
from audit.services import audit_record
from workbook.forms import ExportForm
from workbook.models import Export, ExportStatus
from workbook.selectors import export_list
from workbook.services import export_request


@login_required
def export_list_view(request):
    form = ExportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        export = export_request(user=request.user, filters=form.filters(),
                                background=request.POST.get("background") == "1")
        if export.status == ExportStatus.DONE:
            return redirect("workbook:download", pk=export.pk)
        return redirect("workbook:list")
    return render(request, "workbook/exports.html", {"form": form, "exports": export_list(request.user)},
                  status=400 if form.errors else 200)


@login_required
def export_progress_view(request, pk):
    try:
        export = export_list(request.user).get(pk=pk)
    except Export.DoesNotExist as exc:
        raise Http404 from exc
    return render(request, "workbook/export_row.html", {"export": export})


@login_required
def export_download_view(request, pk):
    try:
        export = export_list(request.user).get(pk=pk, status=ExportStatus.DONE)
    except Export.DoesNotExist as exc:
        raise Http404 from exc
    if not os.path.exists(export.file):
        raise Http404
    audit_record(AuditEvent.EXPORT, request=request, object=f"export #{export.pk} {export.filename}",
                 detail=f"downloaded; {export.description}")
    return FileResponse(open(export.file, "rb"), as_attachment=True, filename=export.filename,
                        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
