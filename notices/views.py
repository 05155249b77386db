"""Pages of 督办单: the list (filtered by state, colour and unit), one notice as a printable A4 document with the
unit's answer form and the office's decision, its Word and PDF downloads and attachments, and the units' contacts."""

import logging

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from agencies.models import Agency, AgencyKind
from core.documents import DOCX_TYPE, DocumentError
from core.forms import save_through
from core.numbers import parse_int
from core.paging import paginate
from notices.documents import notice_docx, notice_pdf
from notices.forms import NoticeAnswerForm, NoticeDecisionForm, UnitContactForm
from notices.models import NoticeAttachment, NoticeColour, NoticeState, SupervisionNotice, UnitContact
from notices.permissions import can_answer_notice, can_decide_notice, can_set_contacts, reads_every_notice
from notices.selectors import attachment_for_download, notice_detail, notice_list
from notices.services import notice_answer, notice_ask_again, notice_close, unit_contact_save

logger = logging.getLogger(__name__)
STALE = gettext_lazy("The notice changed while you were on the page; reload it and try again.")


@login_required
def notice_list_view(request):
    """The notices a user may read: a unit's own, everyone's for the office and leadership."""
    state = request.GET.get("state", "open")
    state = state if state in {"open", "", *NoticeState.values} else "open"
    colour = request.GET.get("colour", "")
    colour = colour if colour in NoticeColour.values else ""
    every = reads_every_notice(request.user)
    agency_id = parse_int(request.GET.get("agency")) if every else None
    page = paginate(request, notice_list(user=request.user, state=state or None, colour=colour or None,
                                         agency_id=agency_id))
    return render(request, "notices/notice_list.html", {
        "page": page, "state": state, "colour": colour, "agency_id": agency_id, "today": timezone.localdate(),
        "states": [("open", _("Not closed")), *NoticeState.choices, ("", _("All"))], "colours": NoticeColour.choices,
        "agencies": Agency.objects.filter(supervision_notices__isnull=False).distinct() if every else (),
        "setting_contacts": can_set_contacts(request.user)})


def _readable(request, pk) -> SupervisionNotice:
    try:
        return notice_detail(user=request.user, pk=pk)
    except SupervisionNotice.DoesNotExist as exc:
        raise Http404 from exc


@login_required
def notice_detail_view(request, pk):
    notice = _readable(request, pk)
    answering = notice.state == NoticeState.AWAITING and can_answer_notice(request.user, notice)
    deciding = notice.is_open and can_decide_notice(request.user)
    answer_form = decision_form = None
    status = 200
    if request.method == "POST":
        if request.POST.get("action") == "answer" and answering:
            answer_form = NoticeAnswerForm(request.POST, request.FILES)
            if answer_form.is_valid() and save_through(answer_form, lambda: notice_answer(
                    notice=notice, text=answer_form.cleaned_data["text"],
                    promised_by=answer_form.cleaned_data["promised_by"], files=answer_form.cleaned_data["evidence"],
                    actor=request.user, expected_version=answer_form.cleaned_data["version"]), stale_message=STALE):
                messages.success(request, _("Answer sent: the provincial office is told."))
                return redirect("notices:detail", pk=notice.pk)
        elif request.POST.get("action") == "decide" and deciding:
            decision_form = NoticeDecisionForm(request.POST)
            if decision_form.is_valid():
                data = decision_form.cleaned_data
                act = notice_close if data["decision"] == "close" else notice_ask_again
                reason = {"reason": data["text"]} if data["decision"] == "close" else {"text": data["text"]}
                if save_through(decision_form, lambda: act(notice=notice, actor=request.user,
                                                           expected_version=data["version"], **reason),
                                stale_message=STALE):
                    messages.success(request, _("Done: the unit is told."))
                    return redirect("notices:detail", pk=notice.pk)
        else:
            raise PermissionDenied
        status = 400
    if answering and answer_form is None:
        answer_form = NoticeAnswerForm(initial={"version": notice.version})
    if deciding and decision_form is None:
        decision_form = NoticeDecisionForm(initial={"version": notice.version})
    return render(request, "notices/notice_detail.html", {
        "notice": notice, "lines": list(notice.lines.all()), "issuer": settings.SUPERVISION_NOTICE_ISSUER,
        "answer_form": answer_form if answering else None,
        "decision_form": decision_form if deciding else None, "today": timezone.localdate()}, status=status)


def _download(content: bytes, *, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=filename)
    return response


@login_required
def notice_docx_view(request, pk):
    notice = _readable(request, pk)
    return _download(notice_docx(notice), filename=f"{notice.number}.docx",
                     content_type=DOCX_TYPE)


@login_required
def notice_pdf_view(request, pk):
    notice = _readable(request, pk)
    try:
        content = notice_pdf(notice)
    except DocumentError:
        logger.exception("notice %s: PDF conversion failed", notice.pk)
        messages.error(request, _("The PDF could not be made just now; download the Word document or print the "
                                  "page instead."))
        return redirect("notices:detail", pk=notice.pk)
    return _download(content, filename=f"{notice.number}.pdf", content_type="application/pdf")


@login_required
def notice_attachment_view(request, pk):
    try:
        attachment = attachment_for_download(user=request.user, pk=pk)
    except NoticeAttachment.DoesNotExist as exc:
        raise Http404 from exc
    response = FileResponse(attachment.file.open("rb"), as_attachment=True, filename=attachment.original_name,
                            content_type=attachment.content_type)
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
def unit_contacts_view(request):
    """The office names, per unit, who its notices are addressed to and who is told of a second notice: the list of
    units with their contacts, and the form of the one chosen (?agency=)."""
    if not can_set_contacts(request.user):
        raise PermissionDenied
    units = Agency.objects.exclude(kind=AgencyKind.COLLECTIVE)
    chosen = units.filter(pk=parse_int(request.POST.get("agency") or request.GET.get("agency"))).first()
    form, status = None, 200
    if chosen is not None:
        current = UnitContact.objects.filter(agency=chosen).first()
        form = UnitContactForm(request.POST if request.method == "POST" else None, agency=chosen, initial={
            "contact": current.contact_id if current else None, "leader": current.leader_id if current else None})
        if request.method == "POST":
            if form.is_valid() and save_through(form, lambda: unit_contact_save(
                    agency=chosen, contact=form.cleaned_data["contact"], leader=form.cleaned_data["leader"],
                    actor=request.user), stale_message=STALE):
                messages.success(request, _("Saved: %(unit)s.") % {"unit": chosen})
                return redirect("notices:contacts")
            status = 400
    elif request.method == "POST":
        raise Http404
    contacts = {c.agency_id: c for c in UnitContact.objects.select_related("contact", "leader")}
    rows = [{"agency": agency, "contacts": contacts.get(agency.pk)} for agency in units]
    return render(request, "notices/unit_contacts.html", {"rows": rows, "chosen": chosen, "form": form},
                  status=status)
