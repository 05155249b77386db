"""One shape for every API error: {"code", "message", "fields"}, in the language of Accept-Language."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler

from core.uploads import EVIDENCE_FIELD


class PayloadTooLarge(exceptions.APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_code = "too_large"


def error_response(code: str, message: str, http_status: int, fields=None, **extra) -> Response:
    return Response({"code": code, "message": str(message), "fields": fields or {}, **extra}, status=http_status)


def _first_code(codes):
    while isinstance(codes, dict | list) and codes:
        codes = next(iter(codes.values())) if isinstance(codes, dict) else codes[0]
    return codes if isinstance(codes, str) else "error"


# Errors of reading a request (a body nested too deep, text that cannot be encoded) that surface past the parser:
# the client's input, answered as a parse error rather than a server error.
INPUT_ERRORS = (RecursionError, UnicodeError)


def api_exception_handler(exc, context):
    if isinstance(exc, INPUT_ERRORS):
        exc = exceptions.ParseError(_("The request could not be read: %(error)s") % {"error": type(exc).__name__})
    response = exception_handler(exc, context)
    if response is None:
        return None  # a programming error: Django's 500, not hidden
    if isinstance(exc, exceptions.ValidationError):
        fields = response.data if isinstance(response.data, dict) else {"non_field_errors": response.data}
        body = {"code": "invalid", "message": _("Some values are not valid; see the fields."), "fields": fields}
    else:
        detail = response.data.get("detail", "") if isinstance(response.data, dict) else response.data
        body = {"code": _first_code(exc.get_codes()) if hasattr(exc, "get_codes") else "error",
                "message": str(detail), "fields": {}}
    response.data = body
    return response


def validation_to_api(error, field: str | None = None):
    """A service's ValidationError as the API error it means: 413 for a file too large, 415 for a file of the
    wrong type, 400 otherwise, under the field it names; without one, under `field` where the caller knows it (an
    uploaded workbook), else under `evidence` for the files (code file_…) and `non_field_errors` for the rest (as
    core.forms.add_service_errors shows them on a page)."""
    code = getattr(error, "code", None)
    if code == "file_size":
        return PayloadTooLarge(error.messages[0])
    if code in ("file_type", "file_content"):
        return exceptions.UnsupportedMediaType("file", detail=error.messages[0])
    if hasattr(error, "error_dict"):
        return exceptions.ValidationError(error.message_dict)
    if field is None:
        field = EVIDENCE_FIELD if code and code.startswith("file") else api_settings.NON_FIELD_ERRORS_KEY
    return exceptions.ValidationError({field: error.messages})


def call_service(service, **kwargs):
    """Run a service for an API view, turning its refusals (PermissionDenied, ValidationError) into API errors."""
    try:
        return service(**kwargs)
    except PermissionDenied as denied:
        raise exceptions.PermissionDenied(str(denied)) from denied
    except ValidationError as error:
        raise validation_to_api(error) from error
