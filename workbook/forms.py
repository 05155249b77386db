from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from agencies.models import Agency
from core.forms import IsoDateInput, ModelChoiceField
from tasks.models import TaskGroup
from workbook.writer import ExportFilters

CONTROL = {"class": "form-control"}
SELECT = {"class": "form-select"}


class ExportForm(forms.Form):
    year = forms.IntegerField(label=_("Evaluation year"), min_value=2021, max_value=2035,
                              initial=lambda: timezone.localdate().year, widget=forms.NumberInput(attrs=CONTROL))
    as_of = forms.DateField(label=_("As of"), initial=timezone.localdate,
                            widget=IsoDateInput(attrs=CONTROL))
    agency = ModelChoiceField(label=_("Agency"), required=False, empty_label=_("All"),
                                    queryset=Agency.objects.exclude(kind="prefecture").order_by("order"))
    prefecture = ModelChoiceField(label=_("Prefecture"), required=False, empty_label=_("All"),
                                        queryset=Agency.objects.prefectures().order_by("order"))
    group = ModelChoiceField(label=_("Task group"), required=False, empty_label=_("All"),
                                   queryset=TaskGroup.objects.order_by("number"), to_field_name="number")

    def clean_as_of(self):
        as_of = self.cleaned_data["as_of"]
        if as_of > timezone.localdate():
            raise forms.ValidationError(_("The as-of date cannot be in the future."))
        return as_of

    def filters(self) -> ExportFilters:
        data = self.cleaned_data
        return ExportFilters(year=data["year"], as_of=data["as_of"],
                             agency=data["agency"].pk if data["agency"] else None,
                             prefecture=data["prefecture"].pk if data["prefecture"] else None,
                             group=data["group"].number if data["group"] else None)
