"""Bulletin forms: which period to draft, and the office's paragraphs."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bulletins.models import BulletinKind

CONTROL = {"class": "form-control"}


class DraftForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=BulletinKind.choices,
                             widget=forms.Select(attrs={"class": "form-select"}))
    year = forms.IntegerField(label=_("Year"), min_value=2021, max_value=2035,
                              widget=forms.NumberInput(attrs=CONTROL))
    number = forms.IntegerField(label=_("Month, quarter or half (1 for a year)"), min_value=1, max_value=12,
                                initial=1, widget=forms.NumberInput(attrs=CONTROL))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].initial = timezone.localdate().year


class ParagraphsForm(forms.Form):
    overview = forms.CharField(label=_("Overall situation (总体情况)"), max_length=5000,
                               widget=forms.Textarea(attrs=CONTROL | {"rows": 4}))
    praise = forms.CharField(label=_("Commended (表扬)"), max_length=5000, required=False,
                             widget=forms.Textarea(attrs=CONTROL | {"rows": 2}))
    criticism = forms.CharField(label=_("Named for lagging (通报)"), max_length=5000, required=False,
                                widget=forms.Textarea(attrs=CONTROL | {"rows": 2}))
    requirements = forms.CharField(label=_("Next steps required (下步工作要求)"), max_length=5000, required=False,
                                   widget=forms.Textarea(attrs=CONTROL | {"rows": 3}))
    version = forms.IntegerField(widget=forms.HiddenInput)
