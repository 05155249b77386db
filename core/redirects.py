"""Where to go after a form that was reached on the way somewhere else (sign-in steps, a forced password change)."""

from django.utils.http import url_has_allowed_host_and_scheme


def next_url(request) -> str:
    """The `next` of the request (POST, else GET) when it points into this site, else ""; never another host."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    safe = url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                           require_https=request.is_secure())
    return target if safe else ""
