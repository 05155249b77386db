"""Forms of 督办单: the unit's answer, the office's decision (close, or ask again), a unit's contacts."""

from django import forms
from django.utils.translation import gettext_lazy

from agencies.models import User
from core.forms import IsoDateInput, MultipleFileField


class NoticeAnswerForm(forms.Form):
    text = forms.CharField(label=gettext_lazy("What the unit will do (反馈)"), max_length=4000,
                           widget=forms.Textarea(attrs={"class": "form-control", "rows": 4}))
    promised_by = forms.DateField(label=gettext_lazy("To be done by"),
                                  widget=IsoDateInput(attrs={"class": "form-control"}))
    # Named as core.uploads.EVIDENCE_FIELD: the service reports file errors under it (core.forms.add_service_errors).
    evidence = MultipleFileField(label=gettext_lazy("Attachments (PDF, images, Office)"))
    version = forms.IntegerField(widget=forms.HiddenInput)


class NoticeDecisionForm(forms.Form):
    decision = forms.ChoiceField(choices=[("close", "close"), ("ask_again", "ask_again")])
    text = forms.CharField(label=gettext_lazy("Reason for closing, or what the unit must add"), max_length=4000,
                           widget=forms.Textarea(attrs={"class": "form-control", "rows": 2}))
    version = forms.IntegerField(widget=forms.HiddenInput)


class UnitContactForm(forms.Form):
    contact = forms.ModelChoiceField(label=gettext_lazy("Contact person (联络员)"), required=False,
                                     queryset=User.objects.none(),
                                     widget=forms.Select(attrs={"class": "form-select form-select-sm"}))
    leader = forms.ModelChoiceField(label=gettext_lazy("Leadership contact (分管领导)"), required=False,
                                    queryset=User.objects.none(),
                                    widget=forms.Select(attrs={"class": "form-select form-select-sm"}))

    def __init__(self, *args, agency, **kwargs):
        super().__init__(*args, **kwargs)
        users = User.objects.filter(agency=agency, is_active=True).order_by("username")
        for name in ("contact", "leader"):
            self.fields[name].queryset = users
            self.fields[name].empty_label = "—"
