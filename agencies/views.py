from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone

from agencies.excel import audit_workbook
from agencies.filters import AuditRecordFilter
from agencies.forms import CountedPasswordChangeForm
from agencies.models import ApiToken
from agencies.passwords import password_change_reason
from agencies.permissions import can_read_audit_log
from agencies.selectors import agency_list
from agencies.services import token_create, token_revoke
from audit.models import AuditEvent, AuditRecord
from audit.services import audit_record
from core.numbers import parse_int
from core.paging import paginate
from core.redirects import next_url
from core.xlsx import xlsx_response


@login_required
def agency_list_view(request):
    return render(request, "agencies/agency_list.html", {"agencies": agency_list()})


# An export of the log holds at most this many records (the newest first); narrow the filters for older ones.
AUDIT_EXPORT_LIMIT = 50_000


@login_required
def token_list_view(request):
    """The user's API tokens: create one (shown once, after the password is confirmed) or revoke one."""
    created, error, status = None, None, 200
    if request.method == "POST":
        if "revoke" in request.POST:
            revoke = parse_int(request.POST["revoke"])
            token = ApiToken.objects.filter(pk=revoke, user=request.user).first() if revoke is not None else None
            if token is None:
                raise Http404
            token_revoke(token=token, actor=request.user)
            return redirect("agencies:tokens")
        try:
            created = token_create(user=request.user, name=request.POST.get("name", ""),
                                   password=request.POST.get("password", ""), request=request)
        except (PermissionDenied, ValidationError) as exc:
            error, status = (exc.messages[0] if isinstance(exc, ValidationError) else str(exc)), 400
    return render(request, "agencies/tokens.html", {
        "tokens": ApiToken.objects.filter(user=request.user), "created": created, "error": error}, status=status)


class PasswordChangeView(auth_views.PasswordChangeView):
    """Django's password change, with the old password checked through authentication (agencies.forms). When the
    policy sent the user here (agencies.middleware.PasswordPolicyMiddleware) the page says why, and the new password
    leads on to where they were going."""

    form_class = CountedPasswordChangeForm

    def get_form_kwargs(self):
        return super().get_form_kwargs() | {"request": self.request}

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs) | {"reason": password_change_reason(self.request.user),
                                                     "next": next_url(self.request)}

    def get_success_url(self):
        return next_url(self.request) or super().get_success_url()


@login_required
def audit_log_view(request):
    """The security audit log for auditors: filter by event, user and dates; download what is shown as Excel."""
    if not can_read_audit_log(request.user):
        raise PermissionDenied
    filterset = AuditRecordFilter(request.GET, queryset=AuditRecord.objects.all())
    if request.GET.get("format") == "xlsx":
        records = filterset.qs[:AUDIT_EXPORT_LIMIT]
        content, count = audit_workbook(records)
        audit_record(AuditEvent.EXPORT, request=request, object="security audit log",
                     detail=f"downloaded {count} records; {request.GET.urlencode()}")
        return xlsx_response(content, f"安全审计日志-{timezone.localdate():%Y%m%d}.xlsx")
    return render(request, "agencies/audit_log.html", {"filter": filterset, "page": paginate(request, filterset.qs)})
