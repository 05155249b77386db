from django import forms
from django.utils.translation import gettext_lazy as _

NUMBER = {"class": "form-control"}


class BaselineForm(forms.Form):
    baseline_value = forms.DecimalField(label=_("Baseline value"), max_digits=14, decimal_places=4, required=False,
                                        widget=forms.NumberInput(attrs=NUMBER | {"step": "any"}))
    baseline_year = forms.IntegerField(label=_("Baseline year"), required=False, min_value=2000, max_value=2035,
                                       widget=forms.NumberInput(attrs=NUMBER))
    baseline_source = forms.CharField(label=_("Source of the baseline"), required=False, max_length=300,
                                      widget=forms.TextInput(attrs=NUMBER))
    target_2035_value = forms.DecimalField(label=_("2035 target value"), max_digits=14, decimal_places=4,
                                           required=False, widget=forms.NumberInput(attrs=NUMBER | {"step": "any"}))
    version = forms.IntegerField(widget=forms.HiddenInput)


class IndicatorValueForm(forms.Form):
    value = forms.DecimalField(label=_("Value"), max_digits=14, decimal_places=4,
                               widget=forms.NumberInput(attrs=NUMBER | {"step": "any"}))
    as_of = forms.DateField(label=_("As of"), widget=forms.DateInput(attrs=NUMBER | {"type": "date"}))
    source = forms.CharField(label=_("Source"), max_length=300, widget=forms.TextInput(attrs=NUMBER))
