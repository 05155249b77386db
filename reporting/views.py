"""Pages of the reporting cycle (periods and completeness, one report: fill, submit, review, Excel round trip),
the progress panel of a task's or key project's page, and evidence downloads."""

import logging

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import DatabaseError
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.datastructures import MultiValueDict
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from agencies.models import Agency
from agencies.permissions import can_view_history, sees_whole_plan
from core.channels import Channel
from core.errors import StaleVersionError
from core.forms import add_service_errors, save_through, saved_since_text
from core.numbers import parse_int
from core.pages import Panel
from core.paging import paginate
from core.xlsx import xlsx_response
from reporting.excel import report_filename, report_upload_parse, report_workbook
from reporting.forms import (
    CompletionDecisionForm,
    PeriodForm,
    ProgressEntryForm,
    StatusUpdateForm,
    UploadForm,
    parse_report_form,
)
from reporting.models import EvidenceFile, PrefectureReport, ReportingPeriod, ReportStatus
from reporting.permissions import can_edit_report, can_manage_periods, can_review_report
from reporting.selectors import (
    OVERDUE,
    completeness_by_period,
    completeness_by_prefecture,
    completion_decisions,
    completion_request_entry,
    evidence_for_download,
    item_timeline,
    prefecture_values,
    report_changes_since_return,
    report_detail,
    report_list,
    report_value_trail,
)
from reporting.services import (
    completion_decide,
    item_update_status,
    period_open,
    progress_entry_add,
    report_accept,
    report_return,
    report_save,
    report_submit,
    report_upload_save,
    reports_urge,
)
from tasks.models import REPORTED_STATUSES, ItemStatus
from tasks.permissions import can_add_progress, can_update_status, can_verify_completion

logger = logging.getLogger(__name__)


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
    whole_plan = sees_whole_plan(request.user)
    period_id = parse_int(request.GET.get("period", ""))
    period = ReportingPeriod.objects.filter(pk=period_id).first() if period_id else None
    status = request.GET.get("status", "")
    reports = report_list(user=request.user, period=period, status=status,
                          prefecture_id=parse_int(request.GET.get("prefecture", "")) if whole_plan else None)
    return render(request, "reporting/report_list.html", {
        "page": paginate(request, reports),
        "filter_periods": ReportingPeriod.objects.order_by("-start"), "chosen_period": period,
        "filter_prefectures": Agency.objects.prefectures() if whole_plan else [],
        "chosen_prefecture": parse_int(request.GET.get("prefecture", "")), "chosen_status": status,
        "filter_statuses": [*ReportStatus.choices, (OVERDUE, _("Overdue, not submitted"))],
        # Completeness compares prefectures, so it is shown to those who see every prefecture's reports.
        "periods": completeness_by_period() if sees_whole_plan(request.user) else [],
        "prefectures": completeness_by_prefecture() if sees_whole_plan(request.user) else [],
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
                version = parse_int(request.POST.get("version", ""))
                if version is None:
                    raise ValidationError(_("The form is incomplete; reload the page."))
                report = report_save(report=report, items=items, lines=lines, actor=request.user,
                                     expected_version=version, channel=Channel.PAGE)
                if action == "submit":
                    report_submit(report=report, actor=request.user)
                    messages.success(request, _("Report submitted. It is locked until the office reviews it."))
                else:
                    messages.success(request, _("Draft saved."))
            elif action == "upload":
                upload_form = UploadForm(request.POST, request.FILES)
                if not upload_form.is_valid():
                    raise ValidationError(upload_form.errors["workbook"])
                items, lines, stamp = report_upload_parse(report, upload_form.cleaned_data["workbook"])
                report_upload_save(report=report, items=items, lines=lines, actor=request.user, stamp=stamp)
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
        except StaleVersionError as stale:
            errors = {"__all__": [_stale_message(stale)]}
            status = 409
        except ValidationError as error:
            errors = error.message_dict if hasattr(error, "error_dict") else {"__all__": error.messages}
            status = 400
        report = _load(request, pk)
        if action in ("save", "submit"):
            _keep_entered(report, request.POST, errors)
    errors = dict(errors)
    trail = report_value_trail(report=report) if can_view_history(request.user) else None  # the office's
    general = errors.pop("__all__", [])
    return render(request, "reporting/report_detail.html", {
        "report": report,
        "general_errors": general,
        "field_errors": _field_error_links(report, errors),
        "can_edit": can_edit_report(request.user, report) and report.editable,
        "can_review": can_review_report(request.user) and report.status == ReportStatus.SUBMITTED,
        "statuses": REPORTED_STATUSES, "upload_form": upload_form,
        "filled": sum(1 for item in report.items.all() if item.narrative.strip()),
        "report_form_labels": {
            "filled": _("Filled {filled}/{total}"), "saving": _("Saving the draft…"),
            "saved": _("Draft saved automatically at {time}"),
            "stale": _("The report was saved elsewhere since this page was opened: automatic saving stopped. "
                       "Reload the report before going on."),
            "failed": _("Not saved automatically; it will try again after your next change."),
            "overwrite": _("Replace what you typed for this item with last period's text?")},
        "changes_since_return": report_changes_since_return(report=report, trail=trail),
        "value_trail": trail,
    }, status=status)


@login_required
@require_POST
def period_urge_view(request, pk):
    """催报 in one click (from the office's home or the report list): the prefectures that have not reported are
    told at once; back where the click came from."""
    try:
        period = ReportingPeriod.objects.get(pk=pk)
    except ReportingPeriod.DoesNotExist as exc:
        raise Http404 from exc
    urged = reports_urge(period=period, actor=request.user)
    if urged:
        messages.success(request, _("%(period)s: %(count)d prefectures were urged to report (%(names)s).") % {
            "period": period, "count": len(urged), "names": "、".join(str(r.prefecture) for r in urged)})
    else:
        messages.info(request, _("%(period)s: nobody was urged — every prefecture has reported, was urged today "
                                 "already, or has no reporter's account.") % {"period": period})
    back = request.POST.get("next", "")
    return redirect(back if url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()},
                                                            require_https=request.is_secure()) and back.startswith("/")
                    else "reports:list")


@require_POST
def report_autosave_view(request, pk):
    """The draft as the clerk types it, saved by the page (portal/report_form.js) with the same checks as 保存草稿.
    A value that does not pass, or a newer save of the report (another tab, another clerk, an upload), only pauses
    it: nothing is written then, and never over a newer save. Evidence files wait for the clerk's own save."""
    if not request.user.is_authenticated:  # the session ended: said, not answered with the sign-in page
        return JsonResponse({"detail": _("Not saved automatically: your session has ended. Sign in again in "
                                         "another tab, then keep typing here.")}, status=401)
    report = _load(request, pk)
    version = parse_int(request.POST.get("version", ""))
    items, lines, errors = parse_report_form(report, request.POST, MultiValueDict())
    try:
        if version is None:
            raise ValidationError(_("The form is incomplete; reload the page."))
        if errors:
            raise ValidationError(errors)
        report = report_save(report=report, items=items, lines=lines, actor=request.user,
                             expected_version=version, channel=Channel.PAGE)
    except StaleVersionError as stale:
        return JsonResponse({"detail": _stale_message(stale), "stale": True}, status=409)
    except ValidationError as error:
        fields = {name: " ".join(refusals) for name, refusals in error.message_dict.items()} \
            if hasattr(error, "error_dict") else {}
        general = fields.pop("__all__", "") or ("" if fields else " ".join(error.messages))
        detail = general or _("Not saved automatically: %(count)d fields need correcting (Save draft lists "
                              "them).") % {"count": len(fields)}
        return JsonResponse({"detail": detail, "fields": fields}, status=400)
    except PermissionDenied as denied:
        return JsonResponse({"detail": str(denied)}, status=403)
    return JsonResponse({"version": report.version, "saved_at": timezone.localtime().strftime("%H:%M")})


REPORT_ITEM_FIELDS = ("status", "narrative", "problems")
REPORT_LINE_FIELDS = ("value", "numerator", "denominator", "source_note")


def _keep_entered(report, post, errors: dict) -> None:
    """After a refused save, the page shows what the clerk typed (not the stored values) with each field's error
    beside it: `entered` and `errors` on each item and indicator line, by field."""
    for prefix, rows, fields in (("item", report.items.all(), REPORT_ITEM_FIELDS),
                                 ("line", report.indicator_lines.all(), REPORT_LINE_FIELDS)):
        for row in rows:
            names = {field: f"{prefix}-{row.pk}-{field}" for field in fields}
            if any(name in post for name in names.values()):
                row.entered = {field: post.get(name, "") for field, name in names.items()}
            row.errors = {field: " ".join(errors[name]) for field, name in names.items() if name in errors}


def _field_error_links(report, errors: dict) -> list[dict]:
    """Each field's error with the name of its item or indicator and the field's id, for the list at the top."""
    names = {f"item-{item.pk}-": f"{item.code} {item.item}" for item in report.items.all()}
    names |= {f"line-{line.pk}-": f"{line.indicator.code} {line.indicator.name}"
              for line in report.indicator_lines.all()}
    links = []
    for field, refusals in errors.items():
        prefix = field.rsplit("-", 1)[0] + "-"
        links.append({"field": field, "name": names.get(prefix, ""), "message": " ".join(refusals)})
    return links


def _stale_message(stale: StaleVersionError) -> str:
    return _("Not saved: the report was saved again after the version you worked on (version %(mine)d), by "
             "%(saves)s. Nothing of yours was written; reload the report (or download the template again) and "
             "enter your changes there.") % {"mine": stale.expected_version, "saves": saved_since_text(stale)}


@login_required
def report_excel_view(request, pk):
    report = _load(request, pk)
    return xlsx_response(report_workbook(report), report_filename(report))


# Progress on a task or key project: the status and entry forms and the timeline on the item's page.


def after_save(follow_up, item) -> None:
    """Run a save's follow-up (the item's light) after the save committed: if it fails, the save still stands and
    answers normally; the debounced recomputation brings the light."""
    try:
        follow_up(item=item)
    except DatabaseError as error:
        logger.warning("follow-up of saving %s failed, left to the recomputation: %s", item, error)



class ItemProgressPanel(Panel):
    """The lead unit's status update, every responsible unit's progress entries, and the timeline."""

    actions = ("status", "progress")

    def __init__(self, *, on_saved=None):
        # on_saved(item=…) runs after a status update or entry is saved: the composition root hands in the
        # recomputation of the item's own light (an aggregate this app may not import).
        self.on_saved = on_saved

    def context(self, request, subject) -> dict:
        user = request.user
        return {
            "timeline": item_timeline(user=user, item=subject),
            # While a completion awaits verification, or once verified, the status changes only by the office's
            # decision (CompletionPanel).
            "can_update_status": can_update_status(user, subject) and subject.status not in (
                ItemStatus.PENDING_VERIFICATION, ItemStatus.COMPLETED),
            "can_add_progress": can_add_progress(user, subject),
            # A pending completion shows as the "completed" the unit reported.
            "status_form": StatusUpdateForm(initial={
                "status": ItemStatus.COMPLETED if subject.status == ItemStatus.PENDING_VERIFICATION else subject.status,
                "percent": subject.percent, "version": subject.version}),
            "entry_form": ProgressEntryForm(),
            "conflict": None,
        }

    def post(self, request, subject) -> tuple[dict, int]:
        if request.POST["action"] == "status":
            return self._status(request, subject)
        return self._progress(request, subject)

    def _saved(self, item) -> None:
        if self.on_saved is not None:
            after_save(self.on_saved, item)

    def _status(self, request, item):
        if not can_update_status(request.user, item):
            raise PermissionDenied
        form = StatusUpdateForm(request.POST, request.FILES)
        if not form.is_valid():
            return {"status_form": form}, 400
        data = form.cleaned_data
        try:
            item_update_status(item=item, status=data["status"], percent=data["percent"],
                               narrative=data["narrative"], problems=data["problems"],
                               next_steps=data["next_steps"], files=data["evidence"], actor=request.user,
                               expected_version=data["version"])
        except StaleVersionError as stale:
            # Keep what the user typed, now against the current version: saving again is a deliberate choice.
            form = StatusUpdateForm(initial={**request.POST.dict(), "version": stale.item.version})
            return {"status_form": form, "conflict": stale}, 409
        except ValidationError as error:
            add_service_errors(form, error)
            return {"status_form": form}, 400
        self._saved(item)
        messages.success(request, _("Status saved."))
        return {}, 302

    def _progress(self, request, item):
        if not can_add_progress(request.user, item):
            raise PermissionDenied
        form = ProgressEntryForm(request.POST, request.FILES)
        if not form.is_valid():
            return {"entry_form": form}, 400
        data = form.cleaned_data
        try:
            progress_entry_add(item=item, narrative=data["narrative"], problems=data["problems"],
                               next_steps=data["next_steps"], files=data["evidence"], actor=request.user)
        except ValidationError as error:
            add_service_errors(form, error)
            return {"entry_form": form}, 400
        self._saved(item)
        messages.success(request, _("Progress entry added."))
        return {}, 302


class CompletionPanel(Panel):
    """办结审核 on an item's page: the pending completion request (its summary and evidence) and the provincial
    office's decision: verify (销号) or send back; a verified item reopened; the record of past decisions."""

    actions = ("completion",)

    def __init__(self, *, on_saved=None):
        self.on_saved = on_saved  # the item's light, handed in by the composition root (as ItemProgressPanel)

    def context(self, request, subject) -> dict:
        deciding = can_verify_completion(request.user, subject) and subject.status in (
            ItemStatus.PENDING_VERIFICATION, ItemStatus.COMPLETED)
        pending = completion_request_entry(subject) if subject.status == ItemStatus.PENDING_VERIFICATION else None
        # The one who asked does not verify: the request is shown to them without the buttons.
        deciding = deciding and not (pending is not None and pending.author_id == request.user.pk)
        return {"completion_request": pending,
                "completion_decisions": completion_decisions(subject),
                "completion_form": CompletionDecisionForm(initial={"version": subject.version}) if deciding else None}

    def post(self, request, subject) -> tuple[dict, int]:
        if not can_verify_completion(request.user, subject):
            raise PermissionDenied
        form = CompletionDecisionForm(request.POST)
        if not form.is_valid():
            form.add_error(None, _("The form is out of date or incomplete; reload the page."))
            return {"completion_form": form}, 400
        data = form.cleaned_data
        try:
            saved = save_through(form, lambda: completion_decide(
                decision=data["decision"], item=subject, note=data["note"], actor=request.user,
                expected_version=data["version"]), stale_message=_(
                "The item changed since you opened the page; read it again, then decide."))
        except PermissionDenied as denied:  # verifying one's own request: said on the form
            form.add_error(None, str(denied))
            return {"completion_form": form}, 403
        if not saved:
            return {"completion_form": form}, 400
        if self.on_saved is not None:
            after_save(self.on_saved, subject)
        messages.success(request, _("Decision recorded."))
        return {}, 302


@login_required
def evidence_download_view(request, pk):
    try:
        evidence = evidence_for_download(user=request.user, pk=pk)
    except EvidenceFile.DoesNotExist as exc:
        raise Http404 from exc
    response = FileResponse(evidence.file.open("rb"), as_attachment=True, filename=evidence.original_name,
                            content_type=evidence.content_type)
    response["X-Content-Type-Options"] = "nosniff"
    return response


class PrefectureValuesPanel(Panel):
    """On a target's page: each prefecture's latest value beside its allocated target, and the province's
    roll-up, as far as the user may see reports."""

    def context(self, request, subject) -> dict:
        if not subject.per_prefecture:
            return {"prefecture_values": None}
        return {"prefecture_values": prefecture_values(indicator=subject, user=request.user)}
