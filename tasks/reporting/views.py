"""Pages of the reporting cycle: periods and completeness, one report (fill, submit, review), Excel round trip."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from tasks.models import ItemStatus, PrefectureReport
from tasks.reporting.excel import report_upload_parse, report_workbook
from tasks.reporting.forms import PeriodForm, UploadForm, parse_report_form
from tasks.reporting.permissions import can_edit_report, can_manage_periods, can_review_report, sees_all_reports
from tasks.reporting.selectors import completeness_by_period, completeness_by_prefecture, report_detail, report_list
from tasks.reporting.services import (
    ReportStaleError,
    period_open,
    report_accept,
    report_return,
    report_save,
    report_submit,
)


@login_required
def report_list_view(request):
    form = PeriodForm()
    if request.method == "POST":
        if not can_manage_periods(request.user):
            return HttpResponse(status=403)
        form = PeriodForm(request.POST)
        if form.is_valid():
            try:
                period = period_open(actor=request.user, **form.cleaned_data)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("%(period)s is open: a report was created for each prefecture.")
                                 % {"period": period})
                return redirect("reports:list")
    return render(request, "reports/report_list.html", {
        "reports": report_list(user=request.user),
        # Completeness compares prefectures, so it is shown to those who see every prefecture's reports.
        "periods": completeness_by_period() if sees_all_reports(request.user) else [],
        "prefectures": completeness_by_prefecture() if sees_all_reports(request.user) else [],
        "period_form": form if can_manage_periods(request.user) else None,
    }, status=400 if form.errors else 200)


def _load(request, pk):
    try:
        return report_detail(user=request.user, pk=pk)
    except PrefectureReport.DoesNotExist as exc:
        raise Http404 from exc


@login_required
def report_detail_view(request, pk):
    report = _load(request, pk)
    errors, upload_form, status = {}, UploadForm(), 200
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action in ("save", "submit"):
                items, lines, errors = parse_report_form(report, request.POST, request.FILES)
                if errors:
                    raise ValidationError(errors)
                version = request.POST.get("version", "")
                if not version.isdigit():
                    raise ValidationError(_("The form is incomplete; reload the page."))
                report = report_save(report=report, items=items, lines=lines, actor=request.user,
                                     expected_version=int(version))
                if action == "submit":
                    report_submit(report=report, actor=request.user)
                    messages.success(request, _("Report submitted. It is locked until the office reviews it."))
                else:
                    messages.success(request, _("Draft saved."))
            elif action == "upload":
                upload_form = UploadForm(request.POST, request.FILES)
                if not upload_form.is_valid():
                    raise ValidationError(upload_form.errors["workbook"])
                items, lines = report_upload_parse(report, upload_form.cleaned_data["workbook"])
                report_save(report=report, items=items, lines=lines, actor=request.user,
                            expected_version=report.version)
                messages.success(request, _("The workbook was read and every value saved."))
            elif action == "accept":
                report_accept(report=report, actor=request.user)
                messages.success(request, _("Report accepted."))
            elif action == "return":
                report_return(report=report, reason=request.POST.get("reason", ""), actor=request.user)
                messages.success(request, _("Report returned; the prefecture has been notified."))
            else:
                raise ValidationError(_("Unknown action."))
            return redirect("reports:detail", pk=report.pk)
        except ReportStaleError:
            errors = {"__all__": [_("Someone else saved this report meanwhile; reload it and enter your changes "
                                    "again.")]}
            status = 409
        except ValidationError as error:
            errors = error.message_dict if hasattr(error, "error_dict") else {"__all__": error.messages}
            status = 400
        report = _load(request, pk)
    errors = dict(errors)
    return render(request, "reports/report_detail.html", {
        "report": report,
        "general_errors": errors.pop("__all__", []),
        "field_errors": [message for messages in errors.values() for message in messages],
        "can_edit": can_edit_report(request.user, report) and report.editable,
        "can_review": can_review_report(request.user) and report.status == "submitted",
        "statuses": ItemStatus.choices, "upload_form": upload_form,
    }, status=status)


@login_required
def report_excel_view(request, pk):
    report = _load(request, pk)
    response = HttpResponse(report_workbook(report),
                            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = (f"attachment; filename=report-{report.pk}.xlsx; filename*=UTF-8''"
                                       f"{report.prefecture.short_name or report.prefecture.code}-{report.pk}.xlsx")
    return response
