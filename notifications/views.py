"""The notifications page (the bell's destination)."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from core.paging import paginate
from notifications.models import Notification
from notifications.selectors import notification_list
from notifications.services import notification_open, notifications_mark_read


@login_required
def notifications_view(request):
    if request.method == "POST":
        notifications_mark_read(user=request.user)
        return redirect(request.path)
    return render(request, "notifications/notifications.html",
                  {"page": paginate(request, notification_list(request.user))})


@require_POST
@login_required
def notification_open_view(request, pk):
    """Open a notification: it is marked read, and the user is taken to the place to act (a page of this site
    only; anything else lands back on the list)."""
    try:
        notification = notification_open(user=request.user, pk=pk)
    except Notification.DoesNotExist as exc:
        raise Http404 from exc
    target = notification.url
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                                   require_https=request.is_secure()):
        return redirect(target)
    return redirect("notifications:list")
