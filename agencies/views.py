from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render

from agencies.forms import CountedPasswordChangeForm
from agencies.models import ApiToken
from agencies.selectors import agency_list
from agencies.services import token_create, token_revoke
from core.numbers import parse_int


@login_required
def agency_list_view(request):
    return render(request, "agencies/agency_list.html", {"agencies": agency_list()})


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
    """Django's password change, with the old password checked through authentication (agencies.forms)."""

    form_class = CountedPasswordChangeForm

    def get_form_kwargs(self):
        return super().get_form_kwargs() | {"request": self.request}
