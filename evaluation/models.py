"""考核评分: the year's scoring scheme, kept as data (its criteria, weights and parameters; one scheme per year,
every change kept in its history), and the office's adjustments of a unit's score, each with its reason (the
computed score is never overwritten). The measures a criterion may use are code (evaluation.scoring)."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class ScoringScheme(models.Model):
    """The criteria a year's units are scored by: a list of {"measure", "name", "applies_to", "weight", "param"}
    (evaluation.scoring checks it: the weights of the criteria of each kind of unit add up to 100). Closed
    (定稿) once the year's scores are final: then neither the scheme nor the scores change."""

    year = models.PositiveSmallIntegerField(_("year"), unique=True,
                                            validators=[MinValueValidator(2021), MaxValueValidator(2035)])
    criteria = models.JSONField(_("criteria"))
    version = models.PositiveIntegerField(_("version"), default=1)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                   verbose_name=_("changed by"))
    updated_at = models.DateTimeField(_("changed at"), default=timezone.now)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    closed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                  related_name="+", verbose_name=_("closed by"))
    # The computed scores as they stood when the year was closed (evaluation.scoring.scores_frozen): records
    # that change later (a completion verified, an item carried over) no longer move a final score.
    frozen = models.JSONField(_("scores when closed"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-year"]
        verbose_name = _("scoring scheme")
        verbose_name_plural = _("scoring schemes")

    def __str__(self):
        return f"{self.year}年度考核评分方案"

    @property
    def is_closed(self) -> bool:
        return self.closed_at is not None


class ScoreAdjustment(models.Model):
    """A change to a unit's computed score for a year by the office, with the reason; the computed score stays
    as it is, and the adjusted total is the two together."""

    scheme = models.ForeignKey(ScoringScheme, on_delete=models.PROTECT, related_name="adjustments",
                               verbose_name=_("scoring scheme"))
    agency = models.ForeignKey("agencies.Agency", on_delete=models.PROTECT, related_name="+",
                               verbose_name=_("unit"))
    points = models.DecimalField(_("points"), max_digits=5, decimal_places=1)
    reason = models.TextField(_("reason"))
    adjusted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("adjusted by"))
    adjusted_at = models.DateTimeField(_("adjusted at"), default=timezone.now)

    class Meta:
        ordering = ["adjusted_at", "pk"]
        verbose_name = _("score adjustment")
        verbose_name_plural = _("score adjustments")

    def __str__(self):
        return f"{self.agency} {self.points:+}"


class FinalEvaluationSnapshot(models.Model):
    """The final evaluation's counts on a day (evaluation.final), stored by the recomputation with the day's
    lights once the plan period has ended: the dashboard reads them as it reads the lights, in one row rather than
    by judging every item and target on each visit."""

    date = models.DateField(_("date"), unique=True)
    items = models.JSONField(_("items by outcome"))
    targets = models.JSONField(_("targets by outcome"))

    class Meta:
        verbose_name = _("final evaluation snapshot")
        verbose_name_plural = _("final evaluation snapshots")

    def __str__(self):
        return f"{self.date}"
