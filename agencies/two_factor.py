"""Two-factor sign-in (等保2.0 身份鉴别) with django-otp: enrolling an authenticator app (TOTP) and receiving the
one-time recovery codes, and giving the second factor after the password. A wrong code counts toward the sign-in
lockout (django-axes), as a wrong password does; every step is in the security audit log."""

import base64
import io
import math

import qrcode
import qrcode.image.svg
from axes.handlers.proxy import AxesProxyHandler
from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.contrib.auth.signals import user_login_failed
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp import login as otp_login
from django_otp import user_has_device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from agencies.forms import TwoFactorCodeForm
from agencies.middleware import ENROLLED
from agencies.permissions import needs_two_factor
from audit.models import AuditEvent, AuditResult
from audit.services import audit_record
from core.redirects import next_url


def _next(request) -> str:
    return next_url(request) or settings.LOGIN_REDIRECT_URL


def _qr_svg(text: str) -> str:
    """The enrolment link as an inline SVG QR code (no image library, no external service)."""
    buffer = io.BytesIO()
    qrcode.make(text, image_factory=qrcode.image.svg.SvgPathImage, box_size=8).save(buffer)
    return buffer.getvalue().decode()


@login_required
def enrol_view(request):
    """Set up the authenticator app: scan the code (or type the key), confirm with one code; the recovery codes are
    shown once, then the user is signed in with both factors."""
    if user_has_device(request.user):
        return redirect("two_factor_verify")
    device, _created = TOTPDevice.objects.get_or_create(user=request.user, confirmed=False,
                                                        defaults={"name": "authenticator"})
    form, status = TwoFactorCodeForm(request.POST or None), 200
    if request.method == "POST":
        if form.is_valid() and device.verify_token(form.cleaned_data["code"]):
            device.confirmed = True
            device.save()
            recovery = StaticDevice.objects.create(user=request.user, name="recovery", confirmed=True)
            codes = [StaticToken.random_token() for _ in range(settings.RECOVERY_CODES)]
            recovery.token_set.bulk_create([StaticToken(device=recovery, token=code) for code in codes])
            otp_login(request, device)
            request.session[ENROLLED] = True
            audit_record(AuditEvent.TWO_FACTOR_ENROLLED, request=request, object=f"user {request.user}")
            return render(request, "registration/two_factor_recovery.html", {"codes": codes, "next": _next(request)})
        form.add_error("code", _("That code is not right; check the time on your phone and try the current one."))
        status = 400
    secret = base64.b32encode(device.bin_key).decode().rstrip("=")
    required = settings.TWO_FACTOR_REQUIRED and needs_two_factor(request.user)
    return render(request, "registration/two_factor_enrol.html", {
        "form": form, "qr": _qr_svg(device.config_url), "secret": secret, "next": _next(request),
        "required": required}, status=status)


def _devices_for(user, code: str) -> list:
    """The devices that can check this code: the authenticator for six digits, else the recovery codes (eight
    characters). Asking only those keeps a recovery code from counting as a wrong authenticator code."""
    kind = TOTPDevice if len(code) == 6 and code.isdigit() else StaticDevice
    return list(kind.objects.filter(user=user, confirmed=True))


def _throttled_seconds(devices) -> int:
    """Seconds until these devices check a code again (0: now)."""
    for device in devices:
        allowed, data = device.verify_is_allowed()
        if not allowed and data.get("locked_until"):
            return max(1, math.ceil((data["locked_until"] - timezone.now()).total_seconds()))
    return 0


@login_required
def verify_view(request):
    """The second step of signing in: a code from the app, or a recovery code (each works once)."""
    if not user_has_device(request.user):
        return redirect("two_factor_enrol")
    credentials = {"username": request.user.get_username()}
    form, status = TwoFactorCodeForm(request.POST or None), 200
    devices = _devices_for(request.user, form.cleaned_data["code"]) if form.is_valid() else []
    if request.method == "POST" and form.is_valid() and (wait := _throttled_seconds(devices)):
        # django-otp checks no code for 1, 2, 4 … seconds after successive wrong ones; say so rather than call a
        # right code wrong. Nothing was checked, so nothing is counted.
        form.add_error("code", _("Several wrong codes in a row: wait %(seconds)d seconds, then enter the code your "
                                 "app shows.") % {"seconds": wait})
        status = 429
    elif request.method == "POST" and form.is_valid():
        device = next((d for d in devices if d.verify_token(form.cleaned_data["code"])), None)
        if device is not None:
            otp_login(request, device)
            recovery = isinstance(device, StaticDevice)
            audit_record(AuditEvent.RECOVERY_CODE_USED if recovery else AuditEvent.TWO_FACTOR_VERIFIED,
                         request=request, object=f"user {request.user}",
                         detail=f"recovery codes left: {device.token_set.count()}" if recovery else "")
            return redirect(_next(request))
        audit_record(AuditEvent.TWO_FACTOR_FAILED, request=request, object=f"user {request.user}",
                     result=AuditResult.FAILURE)
        # Counted as a failed sign-in: enough wrong codes lock the account, as wrong passwords do.
        user_login_failed.send(sender=__name__, credentials=credentials, request=request)
        if AxesProxyHandler.is_locked(request, credentials):
            logout(request)
            return render(request, settings.AXES_LOCKOUT_TEMPLATE, status=429)
        form.add_error("code", _("That code is not right."))
        status = 400
    elif request.method == "POST":
        status = 400
    return render(request, "registration/two_factor_verify.html", {"form": form, "next": _next(request)},
                  status=status)
