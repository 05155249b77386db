"""Forms of plan revisions (coordinators only); the services validate again, so the API gets the same rules."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import IsoDateInput, ModelChoiceField
from tasks.models import ItemScope, Task

CONTROL = {"class": "form-control"}
EXAMPLE_REFERENCE = "云政办发〔2024〕12号 2024-03-01"


class RevisionForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=2000,
                             error_messages={"required": _("Give the reason for the change.")},
                             widget=forms.Textarea(attrs=CONTROL | {"rows": 2}))
    reference = forms.CharField(label=_("Decision document (number and date)"), max_length=200,
                                error_messages={"required": _("Give the decision document's number and date.")},
                                widget=forms.TextInput(attrs=CONTROL | {"placeholder": EXAMPLE_REFERENCE}))
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, subject=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.subject = subject


class DeadlineRevisionForm(RevisionForm):
    deadline = forms.DateField(label=_("Revised deadline"), widget=IsoDateInput(attrs=CONTROL))
    field_order = ["deadline", "reason", "reference"]


class ScopeForm(RevisionForm):
    scope = forms.ChoiceField(label=_("The item"), choices=ItemScope.choices,
                              widget=forms.Select(attrs={"class": "form-select"}))
    merged_into = ModelChoiceField(label=_("Merged into"), required=False, to_field_name="code", empty_label="—",
                                   queryset=Task.objects.filter(scope=ItemScope.ACTIVE).order_by("order"))
    field_order = ["scope", "merged_into", "reason", "reference"]

    def __init__(self, *args, subject=None, **kwargs):
        super().__init__(*args, subject=subject, **kwargs)
        if not isinstance(subject, Task):  # only tasks merge
            self.fields["scope"].choices = [c for c in ItemScope.choices if c[0] != ItemScope.MERGED]
            del self.fields["merged_into"]


class TargetRevisionForm(RevisionForm):
    target_value = forms.DecimalField(label=_("Revised target value"), max_digits=14, decimal_places=4,
                                      widget=forms.NumberInput(attrs=CONTROL | {"step": "any"}))
    target_year = forms.IntegerField(label=_("Revised target year"), min_value=2021, max_value=2035,
                                     widget=forms.NumberInput(attrs=CONTROL))
    field_order = ["target_value", "target_year", "reason", "reference"]
