"""Two-factor sign-in enforced on every page, the admin site and the session-authenticated API: a user who has
enrolled, or whose role requires it, gets nothing but the two-factor pages until the second factor is given. Then
the password policy: a password an administrator set, or one too old, is changed before anything else."""

import time

from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from agencies.passwords import password_change_reason
from agencies.permissions import needs_two_factor

# What an unverified user may still reach: the two-factor pages themselves, signing out, the language switch,
# static files and the health checks.
OPEN_PATHS = ("/accounts/two-factor/", "/accounts/logout/", "/i18n/", "/static/", "/healthz", "/readyz")


class TwoFactorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if not user.is_authenticated or user.is_verified() or request.path_info.startswith(OPEN_PATHS):
            return self.get_response(request)
        enrolled = enrolled_in_session(request)
        if not enrolled and not (settings.TWO_FACTOR_REQUIRED and needs_two_factor(user)):
            return self.get_response(request)
        return _elsewhere_first(request, "two_factor_required", _("Give your second factor on the sign-in page first."),
                                reverse("two_factor_verify" if enrolled else "two_factor_enrol"))


class SessionIdleMiddleware:
    """The idle sign-out: a signed-in session's expiry is pushed SESSION_COOKIE_AGE ahead by a request, at most once
    a SESSION_RENEW_SECONDS (each renewal is a write), so a session idle for SESSION_COOKIE_AGE has expired, give or
    take that minute."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        session = request.session
        now = int(time.time())
        # only a signed-in session: one from a stale or made-up cookie is not written back
        if session.session_key and SESSION_KEY in session and \
                now - session.get(RENEWED_AT, 0) >= settings.SESSION_RENEW_SECONDS:
            session_renewed(request)
        return self.get_response(request)


RENEWED_AT = "renewed_at"


def session_renewed(request) -> None:
    """Marks the session changed, so it is saved with a new expiry on the way out; and notes when."""
    request.session[RENEWED_AT] = int(time.time())


# Where a user whose password must change may still go: besides OPEN_PATHS, the password change itself.
PASSWORD_PATHS = ("/accounts/password/",)


class PasswordPolicyMiddleware:
    """After the second factor: nothing but the password change page until a password an administrator set, or one
    older than PASSWORD_MAX_AGE_DAYS, is replaced (the page says why)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if not user.is_authenticated or request.path_info.startswith(OPEN_PATHS + PASSWORD_PATHS):
            return self.get_response(request)
        reason = password_change_reason(user)
        if reason is None:
            return self.get_response(request)
        return _elsewhere_first(request, "password_change_required", reason, reverse("password_change"))


def _elsewhere_first(request, code: str, message: str, page: str):
    """Send the user to `page` first (and back afterwards); the API answers 403 with the message instead."""
    if request.path_info.startswith("/api/"):
        return JsonResponse({"code": code, "fields": {}, "message": message}, status=403)
    return redirect(f"{page}?{urlencode({'next': request.get_full_path()})}")


# Whether the signed-in user has an authenticator, read once per session at sign-in (a query on every page would
# cost every user): enrolling sets it; a device added from another session counts there from its next sign-in.
ENROLLED = "two_factor_enrolled"


def enrolled_in_session(request) -> bool:
    if ENROLLED not in request.session:  # a session signed in before two-factor sign-in existed
        remember_enrolment(request, request.user)
    return request.session[ENROLLED]


def remember_enrolment(request, user) -> None:
    request.session[ENROLLED] = TOTPDevice.objects.filter(user=user, confirmed=True).exists()
