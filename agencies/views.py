from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render

from agencies.models import ApiToken
from agencies.selectors import agency_list
from agencies.services import token_create, token_revoke


@login_required
def agency_list_view(request):
    return render(request, "agencies/agency_list.html", {"agencies": agency_list()})


@login_required
def token_list_view(request):
    """The user's API tokens: create one (shown once, after the password is confirmed) or revoke one."""
    created, error, status = None, None, 200
    if request.method == "POST":
        if "revoke" in request.POST:
            revoke = request.POST["revoke"]
            token = ApiToken.objects.filter(pk=revoke, user=request.user).first() if revoke.isdigit() else None
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
