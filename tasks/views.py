"""Pages of tasks: the list, and one task's page (shared with key projects: item_page).

The page shows the item, its light and its history; progress (reporting/) and plan revisions (revisions/) add
their forms and timeline as panels (core.pages), handed in by yunnan_emergency/urls.py."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from agencies.permissions import can_view_history
from core.forms import save_through
from core.pages import Panel, panels_context, panels_post
from core.paging import paginate
from snapshots.models import SubjectKind
from snapshots.selectors import attach_lights
from tasks.forms import DesignationForm, DesignationRemovalForm
from tasks.models import Task
from tasks.permissions import can_designate
from tasks.selectors import item_history, task_detail, task_filterset, task_group_list
from tasks.services import designation_add, designation_remove


@login_required
def task_list_view(request, decorate_rows=None):
    filterset = task_filterset(filters=request.GET, request=request)
    page = paginate(request, filterset.qs)
    page.object_list = attach_lights(items=page.object_list, kind=SubjectKind.TASK, user=request.user,
                                     as_of=filterset.lights_as_of)
    if decorate_rows is not None:  # e.g. each row's units' parts by light (supervision)
        page.object_list = decorate_rows(page.object_list, user=request.user)
    return render(request, "tasks/task_list.html", {"filter": filterset, "page": page, "groups": task_group_list(),
                                                    "as_of": filterset.lights_as_of})


@login_required
def task_detail_view(request, code, panels=()):
    try:
        task = task_detail(code=code, user=request.user)
    except Task.DoesNotExist as exc:
        raise Http404 from exc
    return item_page(request, item=task, template="tasks/task_detail.html", light_kind=SubjectKind.TASK,
                     panels=panels)


def item_page(request, *, item, template, light_kind, panels):
    """GET shows the item with what its panels add; a POST goes to the panel that answers its action."""
    posted, http_status = {}, 200
    if request.method == "POST":
        posted, http_status = panels_post(request, item, panels)
        if http_status == 302:
            return redirect(request.path)
    attach_lights(items=[item], kind=light_kind, user=request.user)
    context = {"item": item, "history": item_history(item=item) if can_view_history(request.user) else None}
    context |= panels_context(request, item, panels, posted)
    return render(request, template, context, status=http_status)


class DesignationPanel(Panel):
    """Who acts for 省级有关部门 on the item: a coordinator names departments (lead or participant) with a reason,
    or withdraws one, saying why."""

    actions = ("designate", "undesignate")

    def context(self, request, subject) -> dict:
        allowed = can_designate(request.user, subject)
        return {"designation_form": DesignationForm(prefix="designate") if allowed else None,
                "can_designate": allowed, "removal_form": None}

    def post(self, request, subject) -> tuple[dict, int]:
        if not can_designate(request.user, subject):
            raise PermissionDenied
        if request.POST["action"] == "designate":
            form = DesignationForm(request.POST, prefix="designate")
            saved = form.is_valid() and save_through(form, lambda: designation_add(
                item=subject, actor=request.user, **form.cleaned_data), stale_message="")
            if not saved:
                return {"designation_form": form}, 400
            messages.success(request, _("Saved: %(name)s acts for 省级有关部门 on this item.") % {
                "name": form.cleaned_data["agency"]})
            return {}, 302
        form = DesignationRemovalForm(request.POST)
        designation = subject.designations.filter(pk=form.cleaned_data["designation"]).first() \
            if form.is_valid() else None
        if designation is None:
            if form.is_valid():
                form.add_error(None, _("That department is no longer named for this item; reload the page."))
            return {"removal_form": form}, 400
        if not save_through(form, lambda: designation_remove(designation=designation, actor=request.user,
                                                             reason=form.cleaned_data["reason"]), stale_message=""):
            return {"removal_form": form}, 400
        messages.success(request, _("Withdrawn: %(name)s no longer acts for 省级有关部门 on this item.") % {
            "name": designation.agency})
        return {}, 302
