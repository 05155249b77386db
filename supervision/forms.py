"""Forms of the supervision panel; the services check every rule again, so the forms only read the input."""

from django import forms
from django.utils.translation import gettext_lazy as _

from agencies.models import Agency, User
from core.forms import IsoDateInput, ModelChoiceField, MultipleFileField
from reporting.selectors import PartTerms
from supervision.permissions import answering_for_their_unit

CONTROL = {"class": "form-control"}
SELECT = {"class": "form-select"}


class AssignmentForm(forms.Form):
    """交办 one unit: its contact person, the instructions and an internal deadline (all but the unit optional)."""

    agency = ModelChoiceField(queryset=Agency.objects.none(), label=_("Responsible unit"))
    contact = ModelChoiceField(queryset=User.objects.none(), required=False, label=_("Contact person (联络员)"),
                               empty_label="—",
                                     help_text=_("A user of that unit, who receives the notices."))
    instructions = forms.CharField(label=_("Instructions (工作要求)"), required=False, max_length=4000,
                                   widget=forms.Textarea(attrs=CONTROL | {"rows": 3}))
    internal_deadline = forms.DateField(label=_("Internal deadline"), required=False,
                                        widget=IsoDateInput(attrs=CONTROL),
                                        help_text=_("Earlier than the plan's deadline while it is ahead; for "
                                                    "overdue work, the date it is now due."))
    part_title = forms.CharField(label=_("The unit's part (分解事项)"), required=False, max_length=200,
                                 widget=forms.TextInput(attrs=CONTROL),
                                 help_text=_("What this unit delivers of the item; empty: its share as the plan "
                                             "says. Not for the lead unit, whose part is the whole item."))
    part_deadline = forms.DateField(label=_("Deadline of the part"), required=False,
                                    widget=IsoDateInput(attrs=CONTROL),
                                    help_text=_("Empty: the item's deadline."))
    milestones = forms.CharField(label=_("Yearly milestones (年度目标)"), required=False, max_length=500,
                                 widget=forms.Textarea(attrs=CONTROL | {"rows": 2, "placeholder": "2026 60\n2027 100"}),
                                 help_text=_("One per line: the year and the percent complete by its end, e.g. "
                                             "\"2026 60\" for 2026年底前完成60%. They replace the linear pace in "
                                             "the part's light."))
    version = forms.IntegerField(required=False, min_value=1, max_value=2**31 - 1, widget=forms.HiddenInput)
    # The part's terms_version read; 0: the unit had no part when the form was opened.
    part_version = forms.IntegerField(required=False, min_value=0, max_value=2**31 - 1, widget=forms.HiddenInput)
    # The unit the form was opened for: both versions above are that unit's.
    opened_for = forms.IntegerField(required=False, min_value=1, max_value=2**63 - 1, widget=forms.HiddenInput)

    def clean(self):
        data = super().clean()
        unit = data.get("agency")
        if unit is not None and data.get("opened_for") not in (None, unit.pk):
            raise forms.ValidationError(_("This form was opened for another unit; open the row of %(unit)s to "
                                          "assign it.") % {"unit": unit})
        return data

    def clean_milestones(self) -> tuple[tuple[int, int], ...]:
        milestones = []
        for number, line in enumerate(self.cleaned_data["milestones"].splitlines(), start=1):
            words = line.replace("年", " ").replace("%", " ").replace(",", " ").replace("，", " ").split()
            if not words:
                continue
            # ASCII digits only: str.isdigit() also takes "²" or "①", which int() refuses.
            if len(words) != 2 or not all(word.isascii() and word.isdigit() for word in words):
                raise forms.ValidationError(_("Line %(n)d: write the year and the percent, e.g. \"2026 60\".")
                                            % {"n": number})
            milestones.append((int(words[0]), int(words[1])))
        return tuple(sorted(milestones))

    def part_terms(self) -> PartTerms:
        data = self.cleaned_data
        return PartTerms(data["part_title"].strip(), data["part_deadline"], data["milestones"])

    def __init__(self, *args, units=(), **kwargs):
        super().__init__(*args, **kwargs)
        unit_ids = [unit.pk for unit in units]
        self.fields["agency"].queryset = Agency.objects.filter(pk__in=unit_ids).order_by("order", "name")
        self.fields["contact"].queryset = (User.objects.filter(answering_for_their_unit(), agency_id__in=unit_ids,
                                                               is_active=True)
                                           .distinct().select_related("agency").order_by("agency__order", "username"))
        self.fields["contact"].label_from_instance = lambda user: f"{user.agency} · {user.get_full_name() or user}"


class AcknowledgementForm(forms.Form):
    assignment = forms.IntegerField(min_value=1, max_value=2**63 - 1, widget=forms.HiddenInput)
    version = forms.IntegerField(min_value=1, max_value=2**31 - 1, widget=forms.HiddenInput)


class ExtensionRequestForm(forms.Form):
    requested_deadline = forms.DateField(label=_("New deadline asked for"),
                                         widget=IsoDateInput(attrs=CONTROL))
    reason = forms.CharField(label=_("Reason"), max_length=4000, widget=forms.Textarea(attrs=CONTROL | {"rows": 3}))
    evidence = MultipleFileField(label=_("Attachments (佐证材料)"))


class ExtensionDecisionForm(forms.Form):
    request = forms.IntegerField(min_value=1, max_value=2**63 - 1, widget=forms.HiddenInput)
    decision = forms.ChoiceField(choices=[("approve", _("Approve")), ("reject", _("Reject"))],
                                 widget=forms.HiddenInput)
    note = forms.CharField(label=_("Note (required to reject)"), required=False, max_length=2000,
                           widget=forms.TextInput(attrs=CONTROL))


class PartDecisionForm(forms.Form):
    """The office's decision on a unit's part: verify (销号), send back or reopen (with the note as the reason)."""

    part = forms.IntegerField(min_value=1, max_value=2**63 - 1, widget=forms.HiddenInput)
    version = forms.IntegerField(min_value=1, max_value=2**31 - 1, widget=forms.HiddenInput)
    decision = forms.ChoiceField(choices=[("verify", _("Verify")), ("return", _("Send back")),
                                          ("reopen", _("Reopen"))])
    note = forms.CharField(label=_("Note (required to send back or reopen)"), required=False, max_length=2000,
                           widget=forms.TextInput(attrs=CONTROL | {"placeholder": _("Note / reason")}))
