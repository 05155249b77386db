"""Form pieces every page shares: several files in one input, and a service's refusal shown on the form."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.errors import StaleVersionError
from core.uploads import EVIDENCE_FIELD


class IsoDateInput(forms.DateInput):
    """A browser date picker: its value is always ISO (yyyy-mm-dd), whatever the page's language. Django would
    write the localised form ("2026/12/02" in Chinese), which the browser rejects: the field shows empty and the
    form cannot be sent, or is sent without the date."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class ModelChoiceField(forms.ModelChoiceField):
    """A choice of a row whose empty choice reads in the page's language: 请选择… where a choice is asked for,
    全部 (empty_label=_("All")) where the field narrows a list or an export, never Django's "---------"."""

    ASKING = gettext_lazy("Choose…")

    def __init__(self, *args, empty_label=ASKING, **kwargs):
        kwargs.setdefault("widget", forms.Select(attrs={"class": "form-select"}))
        super().__init__(*args, empty_label=empty_label, **kwargs)


class FilePickerInput(forms.FileInput):
    """A file input labelled in the portal's language (includes/file_picker.html), not in the browser's."""

    def render(self, name, value, attrs=None, renderer=None):
        attrs = self.build_attrs(self.attrs, attrs)
        return render_to_string("includes/file_picker.html", {
            "name": name, "id": attrs.get("id", name), "multiple": self.allow_multiple_selected,
            "accept": attrs.get("accept", "")})


class MultipleFileInput(FilePickerInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input (Django's documented recipe)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, (list, tuple)):
            return [single(d, initial) for d in data if d]
        return [single(data, initial)] if data else []


def save_through(form: forms.Form, call, *, stale_message) -> bool:
    """Run a page's service call for a valid form: True when it saved; otherwise the refusal (a stale version,
    or the service's ValidationError) is shown on the form and nothing changed."""
    try:
        call()
    except StaleVersionError as stale:
        # a fixed text, or one made from the error (who saved since, when)
        form.add_error(None, stale_message(stale) if callable(stale_message) else stale_message)
    except ValidationError as error:
        add_service_errors(form, error)
    else:
        return True
    return False


def errors_as_messages(request, form: forms.Form) -> None:
    """A refused form's errors as the page's messages, for a page that no longer offers the form (the year was
    closed, the bulletin issued, meanwhile): the user is still told why nothing was saved."""
    for errors in form.errors.values():
        for message in errors:
            messages.error(request, message)


def add_service_errors(form: forms.Form, error: ValidationError) -> None:
    """Show a service's ValidationError on the form: by field where it names one, else above the form."""
    if hasattr(error, "error_dict"):
        for field, messages in error.message_dict.items():
            form.add_error(field if field in form.fields else None, messages)
    else:
        code = getattr(error, "code", None)  # a list of errors has none
        form.add_error(EVIDENCE_FIELD if code and code.startswith("file") else None, error.messages)


def saved_since_text(stale: StaleVersionError) -> str:
    """Who saved since the version a stale edit was made on, one mention per person and minute (2026-12-02 10:15
    kunming2；…), or "someone else" where the row keeps no readable history."""
    saves = "；".join(dict.fromkeys(f"{timezone.localtime(save.when):%Y-%m-%d %H:%M} {save.user or _('system')}"
                                   for save in stale.changes))
    return saves or _("someone else")
