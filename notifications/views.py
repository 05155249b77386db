"""The notifications page (the bell's destination)."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render

from core.paging import paginate
from notifications.selectors import notification_list
from notifications.services import notifications_mark_read


@login_required
def notifications_view(request):
    if request.method == "POST":
        notifications_mark_read(user=request.user)
        return redirect(request.path)
    return render(request, "notifications/notifications.html",
                  {"page": paginate(request, notification_list(request.user))})
