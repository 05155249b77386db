import functools
import re

from django import template
from django.contrib.staticfiles import finders
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from core.lights import LIGHT_COLOURS

register = template.Library()


@register.simple_tag(takes_context=True)
def query_with(context, **changes):
    """The current query string with some parameters replaced, so paging keeps the filters in the URL."""
    query = context["request"].GET.copy()
    for key, value in changes.items():
        query[key] = value
    return query.urlencode()


@register.simple_tag(takes_context=True)
def query_without(context, *names):
    """The current query string less some parameters (a link back to today drops ?as_of=)."""
    query = context["request"].GET.copy()
    for name in names:
        query.pop(name, None)
    query.pop("page", None)
    return query.urlencode()


@register.simple_tag
def light_colour_variables():
    """`--light-green: #…; …` for a :root rule: the CSS and the charts take the lights' colours from core.lights."""
    return format_html_join(" ", "--light-{}: {};", ((light.value, colour) for light, colour in LIGHT_COLOURS.items()))


ICONS = "vendor/bootstrap-icons-1.13.2/icons/{name}.svg"


@functools.cache
def _icon_svg(name: str) -> str:
    """A vendored Bootstrap icon's SVG, read once: drawn in the text's colour, hidden from screen readers (the
    link or button it sits in says what it is). Icons, not emoji: emoji render as empty boxes where no emoji font
    is installed."""
    path = finders.find(ICONS.format(name=name)) if re.fullmatch(r"[a-z0-9-]+", name) else None
    if path is None:
        raise template.TemplateSyntaxError(f"no vendored icon {name!r}")
    with open(path, encoding="utf-8") as svg:
        return svg.read().strip().replace("<svg ", '<svg aria-hidden="true" focusable="false" ', 1)


@register.simple_tag
def icon(name: str):
    """{% icon "bell" %}: the icon inline (the vendored SVG, not user input)."""
    return mark_safe(_icon_svg(name))


SORT_STATES = {"": ("none", "arrow-down-up"), "ascending": ("ascending", "arrow-up"),
               "descending": ("descending", "arrow-down")}


@register.simple_tag(takes_context=True)
def sort_header(context, key: str, label: str, css: str = ""):
    """A list's column header that sorts by `key` (a value of the list's `sort` filter), the other way on a second
    click, keeping the other filters and going back to the first page. It says which way it sorts (aria-sort)."""
    query = context["request"].GET.copy()
    current = query.get("sort", "")
    state = "ascending" if current == key else "descending" if current == f"-{key}" else ""
    query["sort"] = f"-{key}" if state == "ascending" else key
    query.pop("page", None)
    aria, icon_name = SORT_STATES[state]
    return format_html('<th scope="col" class="{}" aria-sort="{}"><a class="sort-link" href="?{}">{} {}</a></th>',
                       css, aria, query.urlencode(), label, mark_safe(_icon_svg(icon_name)))
