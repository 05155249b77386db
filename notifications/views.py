"""The notifications page (the bell's destination)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.paging import paginate
from notifications.forms import PreferenceForm
from notifications.models import Notification
from notifications.selectors import digest_email_wanted, notification_list
from notifications.services import notification_open, notification_preference_save, notifications_mark_read


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


@login_required
def notification_settings_view(request):
    """The user's own choice: the daily digest by e-mail, or in the portal only."""
    form = PreferenceForm(request.POST if request.method == "POST" else None,
                          initial={"digest_email": digest_email_wanted(request.user)})
    if request.method == "POST" and form.is_valid():
        notification_preference_save(user=request.user, digest_email=form.cleaned_data["digest_email"])
        messages.success(request, _("Saved."))
        return redirect("notifications:list")
    return render(request, "notifications/settings.html", {"form": form})
