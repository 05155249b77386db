"""The carry-over form (结转): which unfinished items, the new deadline, the reason and the decision document."""

from django import forms
from django.utils.translation import gettext_lazy as _

from projects.models import KeyProject
from revisions.forms import DeadlineRevisionForm
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
        return [self.unfinished[key] for key in self.cleaned_data["items"]]
