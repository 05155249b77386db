"""Forms of the item page that the tasks app answers itself: who acts for 省级有关部门 (coordinators only); the
service checks every rule again, so the form only reads the input."""

from django import forms
from django.utils.translation import gettext_lazy as _

from agencies.models import Agency, ResponsibilityRole
from core.forms import ModelChoiceField
from tasks.permissions import PROVINCIAL_KINDS

CONTROL = {"class": "form-control"}


class DesignationForm(forms.Form):
    agency = ModelChoiceField(queryset=Agency.objects.filter(kind__in=PROVINCIAL_KINDS).order_by("order", "name"),
                              label=_("Department"))
    role = forms.ChoiceField(choices=ResponsibilityRole.choices, label=_("Acts as"),
                             widget=forms.Select(attrs={"class": "form-select"}))
    reason = forms.CharField(label=_("Reason"), max_length=2000, widget=forms.Textarea(attrs=CONTROL | {"rows": 2}),
                             help_text=_("The decision or division of duties that names this department."))


class DesignationRemovalForm(forms.Form):
    designation = forms.IntegerField(min_value=1, max_value=2**31 - 1, widget=forms.HiddenInput)
    reason = forms.CharField(label=_("Why it no longer acts for 省级有关部门"), max_length=2000,
                             widget=forms.TextInput(attrs=CONTROL))
