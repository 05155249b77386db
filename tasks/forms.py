"""Forms of the task and key-project pages; the services validate again, so the API gets the same rules."""

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from tasks.models import ItemStatus


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input (Django's documented recipe)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"class": "form-control"}))
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, (list, tuple)):
            return [single(d, initial) for d in data if d]
        return [single(data, initial)] if data else []


def _textarea(rows=3):
    return forms.Textarea(attrs={"rows": rows, "class": "form-control"})


class ProgressEntryForm(forms.Form):
    narrative = forms.CharField(label=_("Progress (进展情况)"), widget=_textarea(4), max_length=5000)
    problems = forms.CharField(label=_("Problems (存在问题)"), widget=_textarea(), required=False, max_length=5000)
    next_steps = forms.CharField(label=_("Next steps (下一步计划)"), widget=_textarea(), required=False,
                                 max_length=5000)
    evidence = MultipleFileField(
        label=_("Evidence (佐证材料)"),
        help_text=_("PDF, JPG, PNG, GIF, Word, Excel or PowerPoint; up to %(size)s each.")
        % {"size": filesizeformat(settings.EVIDENCE_MAX_BYTES)},
    )


class StatusUpdateForm(ProgressEntryForm):
    status = forms.ChoiceField(label=_("Status"), choices=ItemStatus.choices,
                               widget=forms.Select(attrs={"class": "form-select"}))
    percent = forms.IntegerField(label=_("Percent complete"), min_value=0, max_value=100,
                                 widget=forms.NumberInput(attrs={"class": "form-control", "min": 0, "max": 100}))
    version = forms.IntegerField(widget=forms.HiddenInput)
    field_order = ["status", "percent", "narrative", "problems", "next_steps", "evidence", "version"]


def save_through(form: forms.Form, call, *, stale_message: str) -> bool:
    """Run a page's service call for a valid form: True when it saved; otherwise the refusal (a stale version,
    or the service's ValidationError) is shown on the form and nothing changed."""
    from tasks.services import StaleVersionError

    try:
        call()
    except StaleVersionError:
        form.add_error(None, stale_message)
    except ValidationError as error:
        add_service_errors(form, error)
    else:
        return True
    return False


def add_service_errors(form: forms.Form, error: ValidationError) -> None:
    """Show a service's ValidationError on the form: by field where it names one, else above the form."""
    if hasattr(error, "error_dict"):
        for field, messages in error.message_dict.items():
            form.add_error(field if field in form.fields else None, messages)
    else:
        code = getattr(error, "code", None)  # a list of errors has none
        form.add_error("evidence" if code and code.startswith("file") else None, error.messages)
