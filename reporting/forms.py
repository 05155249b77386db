"""Forms of reporting: the status update and progress entry on an item's page, opening a period, and reading
the report page's form (one field set per item and indicator line, named by their ids)."""

from decimal import InvalidOperation

from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.forms import FilePickerInput, IsoDateInput, MultipleFileField
from core.numbers import parse_number
from reporting.models import PeriodKind
from reporting.services import ItemInput, LineInput
from tasks.models import REPORTED_STATUSES

NUMBER_FIELDS = ("value", "numerator", "denominator")


def parse_report_form(report, post, files) -> tuple[dict, dict, dict]:
    """(items, lines, errors): the inputs of report_save, and field errors for values that are not numbers."""
    items, lines, errors = {}, {}, {}
    for item in report.items.all():
        prefix = f"item-{item.pk}-"
        if prefix + "narrative" in post:
            items[item.pk] = ItemInput(status=post.get(prefix + "status", ""), narrative=post.get(prefix + "narrative",
                                       ""), problems=post.get(prefix + "problems", ""),
                                       files=tuple(files.getlist(prefix + "evidence")))
    for line in report.indicator_lines.all():
        prefix = f"line-{line.pk}-"
        if not any(prefix + f in post for f in (*NUMBER_FIELDS, "source_note")):
            continue
        numbers = {}
        for field in NUMBER_FIELDS:
            if prefix + field not in post:  # not on the form (a count's numerator): the stored value stays
                numbers[field] = getattr(line, field)
                continue
            try:
                numbers[field] = parse_number(post.get(prefix + field))
            except InvalidOperation:
                errors[prefix + field] = _("Enter a number.")
        if len(numbers) == len(NUMBER_FIELDS):
            lines[line.pk] = LineInput(**numbers, source_note=post.get(prefix + "source_note", "")[:300])
    return items, lines, errors


class PeriodForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("Kind"), choices=PeriodKind.choices,
                             widget=forms.Select(attrs={"class": "form-select"}))
    year = forms.IntegerField(label=gettext_lazy("Year"), min_value=2021, max_value=2035,
                              initial=lambda: timezone.localdate().year,
                              widget=forms.NumberInput(attrs={"class": "form-control"}))
    number = forms.IntegerField(label=gettext_lazy("Number (quarter 1–4, half 1–2)"), min_value=1, max_value=4,
                                initial=1, widget=forms.NumberInput(attrs={"class": "form-control"}))
    due_date = forms.DateField(label=gettext_lazy("Due date (empty: 10 days after the period)"), required=False,
                               widget=IsoDateInput(attrs={"class": "form-control"}))


class UploadForm(forms.Form):
    workbook = forms.FileField(label=gettext_lazy("Filled-in Excel template (.xlsx)"),
                               widget=FilePickerInput(attrs={"accept": ".xlsx"}))


def _textarea(rows=3):
    return forms.Textarea(attrs={"rows": rows, "class": "form-control"})


class ProgressEntryForm(forms.Form):
    narrative = forms.CharField(label=gettext_lazy("Progress (进展情况)"), widget=_textarea(4), max_length=5000)
    problems = forms.CharField(label=gettext_lazy("Problems (存在问题)"), widget=_textarea(), required=False,
                               max_length=5000)
    next_steps = forms.CharField(label=gettext_lazy("Next steps (下一步计划)"), widget=_textarea(), required=False,
                                 max_length=5000)
    evidence = MultipleFileField(
        label=gettext_lazy("Evidence (佐证材料)"),
        help_text=gettext_lazy("PDF, JPG, PNG, GIF, Word, Excel or PowerPoint; up to %(size)s each.")
        % {"size": filesizeformat(settings.EVIDENCE_MAX_BYTES)},
    )


class StatusUpdateForm(ProgressEntryForm):
    status = forms.ChoiceField(label=gettext_lazy("Status"), choices=REPORTED_STATUSES,
                               widget=forms.Select(attrs={"class": "form-select"}))
    percent = forms.IntegerField(label=gettext_lazy("Percent complete"), min_value=0, max_value=100,
                                 widget=forms.NumberInput(attrs={"class": "form-control", "min": 0, "max": 100}))
    version = forms.IntegerField(widget=forms.HiddenInput)
    field_order = ["status", "percent", "narrative", "problems", "next_steps", "evidence", "version"]


class CompletionDecisionForm(forms.Form):
    """销号 or send back (a pending completion), or reopen (a verified one): the note is required except to verify."""

    decision = forms.ChoiceField(choices=[("verify", gettext_lazy("Verify")), ("return", gettext_lazy("Send back")),
                                          ("reopen", gettext_lazy("Reopen"))], widget=forms.HiddenInput)
    note = forms.CharField(label=gettext_lazy("Note (required to send back or reopen)"), required=False,
                           max_length=2000, widget=forms.Textarea(attrs={"class": "form-control", "rows": 2}))
    version = forms.IntegerField(min_value=1, max_value=2**31 - 1, widget=forms.HiddenInput)
