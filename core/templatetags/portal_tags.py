from django import template
from django.utils.html import format_html_join

from core.lights import LIGHT_COLOURS

register = template.Library()


@register.simple_tag(takes_context=True)
def query_with(context, **changes):
    """The current query string with some parameters replaced, so paging keeps the filters in the URL."""
    query = context["request"].GET.copy()
    for key, value in changes.items():
        query[key] = value
    return query.urlencode()


@register.simple_tag
def light_colour_variables():
    """`--light-green: #…; …` for a :root rule: the CSS and the charts take the lights' colours from core.lights."""
    return format_html_join(" ", "--light-{}: {};", ((light.value, colour) for light, colour in LIGHT_COLOURS.items()))
