"""Forms of the problem list: the office raises one; a problem moves on (state, note; the office: who coordinates,
who helps)."""

from django import forms
from django.utils.translation import gettext_lazy

from agencies.models import Agency, AgencyKind
from core.numbers import parse_int
from problems.models import ProblemState
from projects.models import KeyProject, Safeguard
from tasks.models import ItemScope, Task

ITEM_MODELS = (Task, KeyProject, Safeguard)

UNITS = Agency.objects.exclude(kind=AgencyKind.COLLECTIVE)


def item_choices() -> list[tuple[str, str]]:
    """Every item still in the plan, as "kind:id" with its code and title."""
    return [(f"{model.ITEM_KIND}:{item.pk}", str(item)) for model in ITEM_MODELS
            for item in model.objects.filter(scope=ItemScope.ACTIVE)]


def item_of_choice(value: str):
    """The item a choice names, or None."""
    kind, _sep, pk = (value or "").partition(":")
    model = {model.ITEM_KIND: model for model in ITEM_MODELS}.get(kind)
    return model.objects.filter(pk=parse_int(pk), scope=ItemScope.ACTIVE).first() if model and parse_int(pk) else None


class ProblemRaiseForm(forms.Form):
    item = forms.ChoiceField(label=gettext_lazy("Item"), widget=forms.Select(attrs={"class": "form-select"}))
    agency = forms.ModelChoiceField(label=gettext_lazy("Whose problem (unit)"), queryset=UNITS,
                                    empty_label=gettext_lazy("Choose a unit"),
                                    widget=forms.Select(attrs={"class": "form-select"}))
    text = forms.CharField(label=gettext_lazy("Problem"), max_length=4000,
                           widget=forms.Textarea(attrs={"class": "form-control", "rows": 3}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["item"].choices = item_choices()

    def clean_item(self):
        item = item_of_choice(self.cleaned_data["item"])
        if item is None:
            raise forms.ValidationError(gettext_lazy("Choose an item of the plan."))
        return item


class ProblemUpdateForm(forms.Form):
    state = forms.ChoiceField(label=gettext_lazy("State"), choices=ProblemState.choices,
                              widget=forms.Select(attrs={"class": "form-select"}))
    note = forms.CharField(label=gettext_lazy("Note (required when not taken up)"), max_length=4000, required=False,
                           widget=forms.Textarea(attrs={"class": "form-control", "rows": 2}))
    version = forms.IntegerField(widget=forms.HiddenInput)


class ProblemAssignForm(ProblemUpdateForm):
    owner = forms.ModelChoiceField(label=gettext_lazy("Coordinating unit"), queryset=UNITS, required=False,
                                   empty_label="—", widget=forms.Select(attrs={"class": "form-select"}))
    helpers = forms.ModelMultipleChoiceField(label=gettext_lazy("Units asked to help"), queryset=UNITS,
                                             required=False,
                                             widget=forms.SelectMultiple(attrs={"class": "form-select", "size": 6}))
