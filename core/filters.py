import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _


class PortalOrderingFilter(django_filters.OrderingFilter):
    """Sorting with the descending choices in the portal's own words (django-filter's "(descending)" has no
    Chinese)."""

    descending_fmt = _("%s (descending)")

    def filter(self, qs, value):
        # Rows that tie on the chosen key keep the model's own order, so a page never repeats or skips one.
        qs = super().filter(qs, value)
        return qs.order_by(*qs.query.order_by, *qs.model._meta.ordering) if value else qs


class YesNoFilter(django_filters.BooleanFilter):
    """Yes, no, or either ("All"), not Django's 未知/是/否."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", forms.Select(choices=[("", _("All")), ("true", _("Yes")), ("false", _("No"))]))
        super().__init__(*args, **kwargs)


class PortalFilterSet(django_filters.FilterSet):
    """FilterSet whose form renders with Bootstrap's classes, so every list page's filters look the same."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.form.fields.values():
            css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            field.widget.attrs.setdefault("class", css)
