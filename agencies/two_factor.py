"""Two-factor sign-in (等保2.0 身份鉴别) with django-otp: enrolling an authenticator app (TOTP) and receiving the
one-time recovery codes, and giving the second factor after the password. A wrong code counts toward the sign-in
lockout (django-axes), as a wrong password does; every step is in the security audit log."""

import base64
import io

import qrcode
import qrcode.image.svg
from axes.handlers.proxy import AxesProxyHandler
from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.contrib.auth.signals import user_login_failed
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django_otp import login as otp_login
from django_otp import match_token, user_has_device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from agencies.forms import TwoFactorCodeForm
from agencies.middleware import ENROLLED
from audit.models import AuditEvent, AuditResult
from audit.services import audit_record


def _next(request) -> str:
    target = request.GET.get("next") or request.POST.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return settings.LOGIN_REDIRECT_URL


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
    return render(request, "registration/two_factor_enrol.html", {
        "form": form, "qr": _qr_svg(device.config_url), "secret": secret, "next": _next(request)}, status=status)


@login_required
def verify_view(request):
    """The second step of signing in: a code from the app, or a recovery code (each works once)."""
    if not user_has_device(request.user):
        return redirect("two_factor_enrol")
    credentials = {"username": request.user.get_username()}
    form, status = TwoFactorCodeForm(request.POST or None), 200
    if request.method == "POST" and form.is_valid():
        device = match_token(request.user, form.cleaned_data["code"])
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
