"""Language selection: pages are Chinese unless the user chose English; the API follows Accept-Language. And an
address that holds control characters (a NUL, say) is refused before any view reads it."""

from django.conf import settings
from django.http import HttpResponseBadRequest, JsonResponse
from django.middleware.locale import LocaleMiddleware
from django.utils import translation
from django.utils.translation import gettext as _

from core.text import has_unwanted


class PortalLocaleMiddleware(LocaleMiddleware):
    def process_request(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if chosen and translation.check_for_language(chosen):
            language = translation.get_supported_language_variant(chosen)
        elif request.path.startswith("/api/"):
            # Systems integrating with the API say what they want in Accept-Language.
            language = translation.get_language_from_request(request)
        else:
            # Staff browsers are often set to English; the portal's working language is still Chinese.
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()


class UnwantedCharactersMiddleware:
    """400 for a path or query string holding control characters (core.text): no address or filter of the portal
    has them, and a database refuses a NUL in a query. Form and JSON text is cleaned where it is saved."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        values = [request.path_info, *request.GET.keys(), *(v for vs in request.GET.lists() for v in vs[1])]
        if any(has_unwanted(value) for value in values):
            message = _("The address holds characters that are not allowed.")
            if request.path_info.startswith("/api/"):
                return JsonResponse({"code": "invalid", "message": message, "fields": {}}, status=400)
            return HttpResponseBadRequest(message, content_type="text/plain; charset=utf-8")
        return self.get_response(request)
