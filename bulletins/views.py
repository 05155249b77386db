"""Bulletin pages: the list (issued ones for every plan role, drafts for those who see the whole plan), drafting,
the bulletin as it will read with its paragraphs edited in place, approval, issue, and its documents."""

import io
from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from bulletins.documents import bulletin_docx
from bulletins.forms import DraftForm, ParagraphsForm
from bulletins.models import BuildState, Bulletin
from bulletins.permissions import can_manage_bulletins, can_read_bulletin, readable_bulletins
from bulletins.services import (
    PARAGRAPHS,
    bulletin_approve,
    bulletin_draft,
    bulletin_edit,
    bulletin_issue,
    bulletin_rebuild,
)
from core.documents import DOCX_TYPE
from core.errors import StaleVersionError
from core.forms import add_service_errors, errors_as_messages, save_through
from core.numbers import parse_int
from core.paging import paginate

FILES = {"word": (".docx", DOCX_TYPE), "pdf": (".pdf", "application/pdf")}  # kind in the address: suffix, type
STALE = gettext_lazy("Someone else changed the bulletin meanwhile: reload the page.")


def _readable(request, pk) -> Bulletin:
    bulletin = get_object_or_404(Bulletin.objects.select_related("created_by", "approved_by", "issued_by"), pk=pk)
    if not can_read_bulletin(request.user, bulletin):
        raise Http404  # a draft is not shown to say it exists
    return bulletin


@login_required
def bulletin_list_view(request):
    form = None
    if can_manage_bulletins(request.user):
        form = DraftForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                bulletin = bulletin_draft(actor=request.user, **form.cleaned_data)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                return redirect("bulletins:detail", pk=bulletin.pk)
    elif request.method == "POST":
        raise PermissionDenied
    page = paginate(request, readable_bulletins(request.user, Bulletin.objects.all()))
    return render(request, "bulletins/bulletin_list.html", {"page": page, "form": form},
                  status=400 if form is not None and form.errors else 200)


def _detail(request, bulletin, *, form=None, status=200):
    editing = can_manage_bulletins(request.user) and not bulletin.is_issued
    if form is not None and not editing:  # issued meanwhile: the form is no longer offered
        errors_as_messages(request, form)
    if editing and form is None:
        form = ParagraphsForm(initial={name: getattr(bulletin, name) for name in PARAGRAPHS}
                              | {"version": bulletin.version})
    return render(request, "bulletins/bulletin_detail.html", {
        "bulletin": bulletin, "figures": bulletin.figures, "form": form if editing else None,
        "manage": can_manage_bulletins(request.user), "issuer": settings.SUPERVISION_NOTICE_ISSUER}, status=status)


@login_required
def bulletin_detail_view(request, pk):
    return _detail(request, _readable(request, pk))


def _office_action(request, pk) -> Bulletin:
    if not can_manage_bulletins(request.user):
        raise PermissionDenied
    return _readable(request, pk)


@login_required
@require_POST
def bulletin_edit_view(request, pk):
    bulletin = _office_action(request, pk)
    form = ParagraphsForm(request.POST)
    if form.is_valid() and save_through(form, lambda: bulletin_edit(
            bulletin=bulletin, paragraphs={name: form.cleaned_data[name] for name in PARAGRAPHS},
            actor=request.user, expected_version=form.cleaned_data["version"]), stale_message=STALE):
        messages.success(request, _("The bulletin's text is saved (a draft again until approved)."))
        return redirect("bulletins:detail", pk=pk)
    return _detail(request, bulletin, form=form, status=400)


@login_required
@require_POST
def bulletin_state_view(request, pk, action):
    bulletin = _office_action(request, pk)
    step = {"approve": bulletin_approve, "issue": bulletin_issue}.get(action)
    if step is None:
        raise Http404
    try:
        step(bulletin=bulletin, actor=request.user, expected_version=parse_int(request.POST.get("version")) or 0)
    except StaleVersionError:
        messages.error(request, STALE)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, _("Approved: it may be issued.") if action == "approve" else
                         _("Issued and sent to every unit; its Word and PDF are being written."))
    return redirect("bulletins:detail", pk=pk)


@login_required
@require_POST
def bulletin_rebuild_view(request, pk):
    bulletin = _office_action(request, pk)
    try:
        bulletin_rebuild(bulletin=bulletin, actor=request.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    return redirect("bulletins:detail", pk=pk)


@login_required
def bulletin_build_view(request, pk):
    """The documents' progress, polled by the page while they are written."""
    return render(request, "bulletins/build_state.html", {"bulletin": _readable(request, pk),
                                                           "manage": can_manage_bulletins(request.user)})


@login_required
def bulletin_file_view(request, pk, kind):
    """The issued bulletin's Word or PDF as built; a draft's Word is written on the spot, as a preview."""
    if kind not in FILES:
        raise Http404
    bulletin = _readable(request, pk)
    suffix, content_type = FILES[kind]
    filename = f"{bulletin.document_number or '征求意见稿'}{bulletin.title}{suffix}"
    if kind == "word" and not bulletin.is_issued:
        content = io.BytesIO(bulletin_docx(bulletin))
    else:
        path = bulletin.docx if kind == "word" else bulletin.pdf
        if bulletin.build != BuildState.DONE or not path or not Path(path).exists():
            messages.error(request, _("The documents are not ready yet."))
            return redirect("bulletins:detail", pk=pk)
        content = open(path, "rb")  # noqa: SIM115  FileResponse closes it once sent
    return FileResponse(content, as_attachment=True, filename=filename, content_type=content_type)
