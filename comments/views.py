"""A target's threads as a fragment that any page loads and posts to with htmx, by the target's key (its pages need
not import this app)."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme

from agencies.models import Agency
from comments.permissions import can_read_target
from comments.selectors import target_key, target_of, threads
from comments.services import comment_add
from core.numbers import parse_int


def _page(request, value: str) -> str:
    """The page the thread is on, if it is one of this site's (where a notice of the comment links)."""
    if value.startswith("/") and url_has_allowed_host_and_scheme(value, allowed_hosts={request.get_host()},
                                                 require_https=request.is_secure()):
        return value
    return ""


@login_required
def thread_view(request):
    """GET ?target=kind:id: the threads; POST (target, unit, text): write in one, and the threads again, with the
    refusal where there is one (the text kept)."""
    data = request.POST if request.method == "POST" else request.GET
    target = target_of(data.get("target", ""))
    if target is None or not can_read_target(request.user, target):
        raise Http404
    page = _page(request, data.get("next", ""))
    context, status = {"error": "", "text": "", "unit_id": None}, 200
    if request.method == "POST":
        unit = Agency.objects.filter(pk=parse_int(data.get("unit", ""))).first()
        if unit is None:
            raise Http404
        try:
            comment_add(target=target, unit=unit, text=data.get("text", ""), actor=request.user, url=page)
        except ValidationError as error:
            # 200: htmx shows the refusal in place of the thread (it swaps no error status by default)
            context |= {"error": " ".join(error.messages), "text": data.get("text", ""), "unit_id": unit.pk}
    shown = threads(user=request.user, target=target)
    return render(request, "comments/thread.html", context | {
        "threads": shown, "target_key": target_key(target), "next": page,
        "writable_units": [thread.unit for thread in shown if thread.writable]}, status=status)
