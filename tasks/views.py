"""Pages of tasks (and, through the shared item views, key projects): list, detail, status and progress."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from agencies.permissions import can_view_history, is_coordinator
from portal.models import SubjectKind
from portal.paging import paginate
from portal.selectors import attach_lights
from projects.models import KeyProject
from tasks.forms import ProgressEntryForm, StatusUpdateForm, add_service_errors
from tasks.models import EvidenceFile, Task
from tasks.permissions import can_add_progress, can_update_status
from tasks.revisions.views import revision_forms, revision_post
from tasks.selectors import (
    evidence_for_download,
    item_history,
    item_timeline,
    task_detail,
    task_filterset,
    task_group_list,
)
from tasks.services import StaleVersionError, item_update_status, progress_entry_add

ITEM_REVISIONS = ("revise_deadline", "revise_scope")


@login_required
def task_list_view(request):
    filterset = task_filterset(request.GET, request=request)
    page = paginate(request, filterset.qs)
    page.object_list = attach_lights(page.object_list, SubjectKind.TASK)
    return render(request, "tasks/task_list.html", {"filter": filterset, "page": page, "groups": task_group_list()})


@login_required
def task_detail_view(request, code):
    try:
        task = task_detail(code=code, user=request.user)
    except Task.DoesNotExist as exc:
        raise Http404 from exc
    return item_page(request, item=task, template="tasks/task_detail.html")


def item_page(request, *, item, template):
    """GET shows the item with its timeline; POST takes a status update or a progress entry."""
    status_form = entry_form = conflict = revision = None
    http_status = 200
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "status":
            status_form, conflict, http_status = _post_status(request, item)
        elif action == "progress":
            entry_form, http_status = _post_progress(request, item)
        elif action in ITEM_REVISIONS:
            *revision, http_status = revision_post(request, item)
        else:
            http_status = 400
        if http_status == 302:
            return redirect(request.path)
    user = request.user
    attach_lights([item], SubjectKind.KEY_PROJECT if isinstance(item, KeyProject) else SubjectKind.TASK)
    context = {
        "item": item,
        "timeline": item_timeline(user=user, item=item),
        "can_update_status": can_update_status(user, item),
        "can_add_progress": can_add_progress(user, item),
        "history": item_history(item) if can_view_history(user) else None,
        "status_form": status_form or StatusUpdateForm(
            initial={"status": item.status, "percent": item.percent, "version": item.version}),
        "entry_form": entry_form or ProgressEntryForm(),
        "conflict": conflict,
        "revision_forms": revision_forms(item, ITEM_REVISIONS, revision if revision and revision[1] else None)
        if is_coordinator(user) else None,
        "revision_open": bool(revision and revision[1]),
    }
    return render(request, template, context, status=http_status)


def _post_status(request, item):
    if not can_update_status(request.user, item):
        raise PermissionDenied
    form = StatusUpdateForm(request.POST, request.FILES)
    if not form.is_valid():
        return form, None, 400
    data = form.cleaned_data
    try:
        item_update_status(item=item, status=data["status"], percent=data["percent"], narrative=data["narrative"],
                           problems=data["problems"], next_steps=data["next_steps"], files=data["evidence"],
                           actor=request.user, expected_version=data["version"])
    except StaleVersionError as stale:
        # Keep what the user typed, now against the current version: saving again is a deliberate choice.
        form = StatusUpdateForm(initial={**request.POST.dict(), "version": stale.item.version})
        return form, stale, 409
    except ValidationError as error:
        add_service_errors(form, error)
        return form, None, 400
    messages.success(request, _("Status saved."))
    return None, None, 302


def _post_progress(request, item):
    if not can_add_progress(request.user, item):
        raise PermissionDenied
    form = ProgressEntryForm(request.POST, request.FILES)
    if not form.is_valid():
        return form, 400
    data = form.cleaned_data
    try:
        progress_entry_add(item=item, narrative=data["narrative"], problems=data["problems"],
                           next_steps=data["next_steps"], files=data["evidence"], actor=request.user)
    except ValidationError as error:
        add_service_errors(form, error)
        return form, 400
    messages.success(request, _("Progress entry added."))
    return None, 302


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
