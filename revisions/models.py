"""Plan revisions: a deadline, target or scope changed by decision, with the reason and the document.

The table was created by the `tasks` app and keeps its name (migrations moved only the model's state)."""

from datetime import date

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from indicators.models import Indicator
from projects.models import KeyProject
from tasks.models import ItemScope, Task


class RevisionField(models.TextChoices):
    DEADLINE = "deadline", _("Deadline")
    TARGET_VALUE = "target_value", _("Target value")
    TARGET_YEAR = "target_year", _("Target year")
    SCOPE = "scope", _("Scope")


class PlanRevision(models.Model):
    """One change to the plan as adopted. The item keeps the value in force; the revision keeps the value it
    replaced, so the original is never lost and a light for any past date uses what was in force then."""

    task = models.ForeignKey(Task, on_delete=models.PROTECT, null=True, blank=True, related_name="revisions",
                             verbose_name=_("task"))
    key_project = models.ForeignKey(KeyProject, on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="revisions", verbose_name=_("key project"))
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, null=True, blank=True,
                                  related_name="revisions", verbose_name=_("indicator"))
    field = models.CharField(_("what changed"), max_length=20, choices=RevisionField.choices)
    # Values as text in one form per field: ISO date, decimal, year, or an ItemScope value.
    old_value = models.CharField(_("original"), max_length=40, blank=True)
    new_value = models.CharField(_("revised"), max_length=40, blank=True)
    merged_into = models.ForeignKey(Task, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                                    verbose_name=_("merged into"))
    reason = models.TextField(_("reason"))
    reference = models.CharField(_("decision document"), max_length=200,
                                 help_text=_("Number and date of the decision, e.g. 云政办发〔2024〕12号 2024-03-01."))
    effective_from = models.DateField(_("in force from"), default=timezone.localdate)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                              verbose_name=_("by"))
    created_at = models.DateTimeField(_("recorded at"), default=timezone.now)
    history = HistoricalRecords(table_name="tasks_historicalplanrevision")

    class Meta:
        db_table = "tasks_planrevision"
        ordering = ["-effective_from", "-created_at", "-pk"]
        verbose_name = _("plan revision")
        verbose_name_plural = _("plan revisions")
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(task__isnull=False, key_project__isnull=True, indicator__isnull=True)
                           | models.Q(task__isnull=True, key_project__isnull=False, indicator__isnull=True)
                           | models.Q(task__isnull=True, key_project__isnull=True, indicator__isnull=False)),
                name="revision_one_subject",
            ),
        ]

    def __str__(self):
        return f"{self.subject} · {self.get_field_display()} {self.old_value} → {self.new_value}"

    @property
    def subject(self):
        return self.task or self.key_project or self.indicator

    @property
    def subject_code(self) -> str:
        """The code staff use: a task code, 工程N for key project N, or the target's code."""
        return self.subject.code

    @property
    def subject_name(self) -> str:
        return self.indicator.name if self.indicator_id else self.subject.title

    @property
    def subject_url(self) -> str:
        if self.task_id:
            return reverse("tasks:detail", args=[self.task.code])
        if self.key_project_id:
            return reverse("projects:detail", args=[self.key_project.number])
        return reverse("indicators:detail", args=[self.indicator.code])

    def _shown(self, value: str) -> str:
        if self.field == RevisionField.SCOPE:
            return str(ItemScope(value).label) if value else ""
        if self.field == RevisionField.TARGET_VALUE and value:
            return f"{value}{self.indicator.unit}"
        return value

    @property
    def old_display(self) -> str:
        return self._shown(self.old_value)

    @property
    def new_display(self) -> str:
        shown = self._shown(self.new_value)
        return f"{shown} → {self.merged_into.code}" if self.merged_into_id else shown

    @property
    def old_date(self):
        return date.fromisoformat(self.old_value) if self.old_value else None

    @property
    def new_date(self):
        return date.fromisoformat(self.new_value) if self.new_value else None
