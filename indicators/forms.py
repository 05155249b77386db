from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import FilePickerInput, IsoDateInput

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
    as_of = forms.DateField(label=_("As of"), widget=IsoDateInput(attrs=NUMBER))
    source = forms.CharField(label=_("Source"), max_length=300, widget=forms.TextInput(attrs=NUMBER))


class PartialAllocationForm(forms.Form):
    """What both ways of allocating ask besides the shares: is the allocation partial, and why."""

    is_partial = forms.BooleanField(label=_("Partial allocation"), required=False,
                                    widget=forms.CheckboxInput(attrs={"class": "form-check-input"}))
    partial_reason = forms.CharField(label=_("Why it is partial"), required=False, max_length=2000,
                                     widget=forms.Textarea(attrs=NUMBER | {"rows": 2}))


class AllocationForm(PartialAllocationForm):
    """One target field per prefecture (blank: no target), partial with a reason, and the version read."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    def __init__(self, *args, prefectures, **kwargs):
        super().__init__(*args, **kwargs)
        self.prefectures = list(prefectures)
        for prefecture in self.prefectures:
            self.fields[f"share-{prefecture.pk}"] = forms.DecimalField(
                label=prefecture.name, required=False, max_digits=14, decimal_places=4, min_value=0,
                widget=forms.NumberInput(attrs=NUMBER | {"step": "any", "min": 0, "inputmode": "decimal",
                                                         "class": "form-control share"}))

    def shares(self) -> dict:
        return {p: self.cleaned_data.get(f"share-{p.pk}") for p in self.prefectures}

    def share_fields(self):
        return [self[f"share-{p.pk}"] for p in self.prefectures]


class AllocationUploadForm(PartialAllocationForm):
    workbook = forms.FileField(label=_("Filled allocation workbook (.xlsx)"),
                               widget=FilePickerInput(attrs={"accept": ".xlsx"}))
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    field_order = ["workbook", "is_partial", "partial_reason"]
