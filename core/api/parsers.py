"""The API's JSON parser: a body that is not JSON the portal can hold is a 400 in the API's error shape, never a
500 — nesting deeper than Python's parser recurses, or text with lone surrogates (which no response could encode
when an error message repeats it)."""

from django.utils.translation import gettext as _
from rest_framework import parsers
from rest_framework.exceptions import ParseError

from core.text import has_unwanted


class SafeJSONParser(parsers.JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError as exc:
            raise ParseError(_("The JSON is nested too deeply.")) from exc
        if _holds_unwanted(data):
            raise ParseError(_("The JSON holds characters that are not valid text (control characters or lone "
                               "surrogates)."))
        return data


def _holds_unwanted(data) -> bool:
    """Any key or string of the parsed body with characters core.text refuses (walked without recursion)."""
    pending = [data]
    while pending:
        value = pending.pop()
        if isinstance(value, str):
            if has_unwanted(value):
                return True
        elif isinstance(value, dict):
            pending.extend(value.keys())
            pending.extend(value.values())
        elif isinstance(value, list):
            pending.extend(value)
    return False
