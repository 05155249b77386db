"""Pages of tasks: the list, and one task's page (shared with key projects: item_page).

The page shows the item, its light and its history; progress (reporting/) and plan revisions (revisions/) add
their forms and timeline as panels (core.pages), handed in by yunnan_emergency/urls.py."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render

from agencies.permissions import can_view_history
from core.pages import panels_context, panels_post
from core.paging import paginate
from snapshots.models import SubjectKind
from snapshots.selectors import attach_lights
from tasks.models import Task
from tasks.selectors import item_history, task_detail, task_filterset, task_group_list


@login_required
def task_list_view(request):
    filterset = task_filterset(filters=request.GET, request=request)
    page = paginate(request, filterset.qs)
    page.object_list = attach_lights(items=page.object_list, kind=SubjectKind.TASK)
    return render(request, "tasks/task_list.html", {"filter": filterset, "page": page, "groups": task_group_list()})


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
    attach_lights(items=[item], kind=light_kind)
    context = {"item": item, "history": item_history(item=item) if can_view_history(request.user) else None}
    context |= panels_context(request, item, panels, posted)
    return render(request, template, context, status=http_status)
