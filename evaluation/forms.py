"""The carry-over form (结转), and the scoring forms: the year's scheme, an adjustment."""

from django import forms
from django.utils.translation import gettext_lazy as _

from evaluation.scoring import DEDUCTION, MEASURES, UNIT_KINDS
from projects.models import KeyProject
from revisions.forms import CONTROL, DeadlineRevisionForm
from tasks.models import Task

ITEM_MODELS = {"task": Task, "key_project": KeyProject}


def item_key(item) -> str:
    """How the form names an item: its kind and id ("task:12")."""
    return f"{type(item).ITEM_KIND}:{item.pk}"


class CarryOverForm(DeadlineRevisionForm):
    items = forms.MultipleChoiceField(label=_("Items to carry over"), choices=[],
                                      error_messages={"required": _("Choose at least one unfinished item.")})
    field_order = ["items", "deadline", "reason", "reference"]

    def __init__(self, *args, unfinished=(), **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["version"]  # each item's own version is read when it is revised
        self.fields["deadline"].label = _("New deadline (toward 2035)")
        self.unfinished = {item_key(item): item for item in unfinished}
        self.fields["items"].choices = [(key, str(item)) for key, item in self.unfinished.items()]

    def chosen_items(self) -> list:
        return [self.unfinished[key] for key in dict.fromkeys(self.cleaned_data["items"])]  # each once


class SchemeForm(forms.Form):
    """The year's scheme as a table: every measure for every kind of unit it suits, with a weight (empty: not
    used), an optional name of the office's own and, for a deduction, the points taken off per case. The service
    checks the whole (evaluation.scoring.criteria_check)."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    def __init__(self, *args, criteria=(), **kwargs):
        super().__init__(*args, **kwargs)
        current = {(c["measure"], c["applies_to"]): c for c in criteria}
        self.rows = []
        for key, measure in MEASURES.items():
            for kind in measure.kinds:
                prefix, given = f"{key}-{kind}", current.get((key, kind), {})
                self.fields[f"{prefix}-weight"] = forms.DecimalField(
                    required=False, min_value=0, max_value=100, decimal_places=1, initial=given.get("weight"),
                    label=_("Weight"), widget=forms.NumberInput(attrs=CONTROL | {"step": "0.5"}))
                self.fields[f"{prefix}-name"] = forms.CharField(
                    required=False, max_length=40, initial=given.get("name", measure.name), label=_("Name"),
                    widget=forms.TextInput(attrs=CONTROL))
                if measure.rule == DEDUCTION:
                    self.fields[f"{prefix}-param"] = forms.DecimalField(
                        required=False, min_value=0, max_value=100, decimal_places=1, initial=given.get("param"),
                        label=_("Points off per case"), widget=forms.NumberInput(attrs=CONTROL | {"step": "0.5"}))
                self.rows.append({"measure": measure, "kind": UNIT_KINDS[kind], "prefix": prefix,
                                  "weight": self[f"{prefix}-weight"], "name": self[f"{prefix}-name"],
                                  "param": self[f"{prefix}-param"] if measure.rule == DEDUCTION else None})

    def criteria(self) -> list[dict]:
        chosen = []
        for key, measure in MEASURES.items():
            for kind in measure.kinds:
                prefix = f"{key}-{kind}"
                weight = self.cleaned_data.get(f"{prefix}-weight")
                if weight:
                    chosen.append({"measure": key, "applies_to": kind, "weight": str(weight),
                                   "name": self.cleaned_data.get(f"{prefix}-name") or measure.name,
                                   "param": str(self.cleaned_data.get(f"{prefix}-param") or 0)})
        return chosen


class AdjustmentForm(forms.Form):
    agency = forms.TypedChoiceField(label=_("Unit"), coerce=int, choices=[],
                                    widget=forms.Select(attrs={"class": "form-select"}))
    points = forms.DecimalField(label=_("Points (+ added, − taken off)"), max_digits=4, decimal_places=1,
                                min_value=-100, max_value=100,
                                widget=forms.NumberInput(attrs=CONTROL | {"step": "0.5"}))
    reason = forms.CharField(label=_("Reason"), max_length=2000, widget=forms.Textarea(attrs=CONTROL | {"rows": 2}))

    def __init__(self, *args, scores=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].choices = [("", _("Choose…"))] + [(s.agency.pk, s.agency.name) for s in scores]
