"""The user's notification settings."""

from django import forms
from django.utils.translation import gettext_lazy


class PreferenceForm(forms.Form):
    digest_email = forms.BooleanField(label=gettext_lazy("E-mail me the daily digest"), required=False,
                                      widget=forms.CheckboxInput(attrs={"class": "form-check-input"}))
