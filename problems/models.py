"""A tracked problem (问题清单) about one item of the plan, raised by a unit (from its progress entry or its report's
item) or by the provincial office."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from tasks.models import AboutPlanItem


class ProblemState(models.TextChoices):
    OPEN = "open", _("Awaiting coordination (待协调)")
    COORDINATING = "coordinating", _("Being coordinated (协调中)")
    RESOLVED = "resolved", _("Resolved (已解决)")
    DECLINED = "declined", _("Not taken up (不予处理)")


OPEN_STATES = (ProblemState.OPEN, ProblemState.COORDINATING)
# The states as the annual workbook writes them, always in Chinese.
PROBLEM_STATES_ZH = {ProblemState.OPEN: "待协调", ProblemState.COORDINATING: "协调中", ProblemState.RESOLVED: "已解决",
                     ProblemState.DECLINED: "不予处理"}


class Problem(AboutPlanItem):
    """One problem: what it is, whose (the unit that raised it), where it came from, who coordinates it (a unit,
    the provincial office by default), which units are asked to help, and its state with the reason."""

    agency = models.ForeignKey("agencies.Agency", on_delete=models.PROTECT, related_name="problems",
                               verbose_name=_("unit"))
    text = models.TextField(_("problem"))
    entry = models.OneToOneField("reporting.ProgressEntry", on_delete=models.PROTECT, null=True, blank=True,
                                 related_name="+", verbose_name=_("progress entry"))
    report_item = models.OneToOneField("reporting.ReportItem", on_delete=models.PROTECT, null=True, blank=True,
                                       related_name="+", verbose_name=_("report item"))
    raised_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                  related_name="+", verbose_name=_("raised by"))
    raised_at = models.DateTimeField(_("raised at"))
    owner = models.ForeignKey("agencies.Agency", on_delete=models.PROTECT, null=True, blank=True,
                              related_name="problems_owned", verbose_name=_("coordinating unit"))
    helpers = models.ManyToManyField("agencies.Agency", blank=True, related_name="problems_helping",
                                     verbose_name=_("units asked to help"))
    state = models.CharField(_("state"), max_length=15, choices=ProblemState.choices, default=ProblemState.OPEN)
    state_note = models.TextField(_("note on the state"), blank=True)
    changed_at = models.DateTimeField(_("changed at"), null=True, blank=True)
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+", verbose_name=_("changed by"))
    version = models.PositiveIntegerField(_("version"), default=1)
    history = HistoricalRecords(m2m_fields=[helpers])

    class Meta:
        ordering = ["raised_at", "pk"]
        verbose_name = _("problem")
        verbose_name_plural = _("problems")
        indexes = [models.Index(fields=["item_type", "item_id"]), models.Index(fields=["state", "raised_at"])]

    def __str__(self):
        return self.text[:40]

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_STATES
