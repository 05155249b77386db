from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render

from portal.paging import paginate
from tasks.models import Task
from tasks.selectors import task_detail, task_filterset, task_group_list


@login_required
def task_list_view(request):
    filterset = task_filterset(request.GET)
    return render(request, "tasks/task_list.html", {
        "filter": filterset,
        "page": paginate(request, filterset.qs),
        "groups": task_group_list(),
    })


@login_required
def task_detail_view(request, code):
    try:
        task = task_detail(code=code)
    except Task.DoesNotExist as exc:
        raise Http404 from exc
    return render(request, "tasks/task_detail.html", {"task": task})
