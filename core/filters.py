import django_filters
from django import forms


class PortalFilterSet(django_filters.FilterSet):
    """FilterSet whose form renders with Bootstrap's classes, so every list page's filters look the same."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.form.fields.values():
            css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            field.widget.attrs.setdefault("class", css)
