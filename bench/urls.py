"""The portal's routes plus one trivial view, the HTTP floor: same server, same middleware, no work.
Only the benchmark loads this URLconf; the portal has no such route."""

from django.http import HttpResponse
from django.urls import path

from yunnan_emergency.urls import handler404  # noqa: F401
from yunnan_emergency.urls import urlpatterns as portal_urlpatterns


def trivial(request):
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [path("bench/trivial/", trivial), *portal_urlpatterns]
