"""API authentication by personal token ("Authorization: Bearer ynp_…") and throttling per token."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions, throttling

from agencies.services import token_authenticate


class TokenAuthentication(authentication.BaseAuthentication):
    keyword = "Bearer"

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).decode(errors="replace").split()
        if not header or header[0] != self.keyword:
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(_("Give exactly one token after 'Bearer'."))
        token = token_authenticate(header[1])
        if token is None:
            raise exceptions.AuthenticationFailed(_("The token is not valid or has been revoked."))
        return token.user, token

    def authenticate_header(self, request):
        return self.keyword


class TokenRateThrottle(throttling.SimpleRateThrottle):
    """Requests per token (the rate is the setting 'token'); session users are throttled per user instead.

    Counted in fixed windows with the cache's atomic increment: DRF's own history list is read and written back,
    so requests in parallel each saw room and all passed. A burst at a window's edge may reach twice the rate,
    never more."""

    scope = "token"

    def allow_request(self, request, view):
        if self.rate is None or (key := self.get_cache_key(request, view)) is None:
            return True
        window = int(self.timer() // self.duration)
        counter = f"{key}:{window}"
        self.cache.add(counter, 0, self.duration + 1)
        try:
            count = self.cache.incr(counter)
        except ValueError:  # the window's counter expired between add and incr
            self.cache.add(counter, 1, self.duration + 1)
            count = 1
        self.window_end = (window + 1) * self.duration
        return count <= self.num_requests

    def wait(self):
        return max(self.window_end - self.timer(), 0)

    def get_cache_key(self, request, view):
        token = request.auth
        ident = f"token-{token.pk}" if getattr(token, "pk", None) else (
            f"user-{request.user.pk}" if request.user.is_authenticated else self.get_ident(request))
        return self.cache_format % {"scope": self.scope, "ident": ident}


class TokenAuthenticationScheme(OpenApiAuthenticationExtension):
    """Documents the token for OpenAPI (drf-spectacular finds it by the class path)."""

    target_class = "agencies.api.auth.TokenAuthentication"
    name = "bearerAuth"

    def get_security_definition(self, auto_schema):
        return {"type": "http", "scheme": "bearer", "bearerFormat": "ynp_…"}
