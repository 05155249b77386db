from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render

from portal.paging import paginate
from portal.selectors import notification_list
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
