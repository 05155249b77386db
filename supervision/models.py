"""The supervision loop (督办闭环) over the plan's items: here, 交办 and 签收: the provincial office assigns an item
to each of its responsible units (a contact person, instructions, perhaps an internal deadline earlier than the
plan's), and each unit acknowledges it."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.dates import add_working_days
from tasks.models import AboutPlanItem


class Assignment(AboutPlanItem):
    """交办: one responsible unit's assignment on one item (a task, key project or safeguard measure). Changing the
    instructions or the internal deadline asks the unit to acknowledge again; every change is kept."""

    agency = models.ForeignKey("agencies.Agency", on_delete=models.PROTECT, related_name="assignments",
                               verbose_name=_("responsible unit"))
    contact = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                related_name="contact_for", verbose_name=_("contact person (联络员)"))
    instructions = models.TextField(_("instructions (工作要求)"), blank=True)
    internal_deadline = models.DateField(_("internal deadline"), null=True, blank=True)
    assigned_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("assigned by"))
    assigned_at = models.DateTimeField(_("assigned at"), default=timezone.now)
    acknowledged_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                        related_name="+", verbose_name=_("acknowledged by"))
    acknowledged_at = models.DateTimeField(_("acknowledged at"), null=True, blank=True)
    version = models.PositiveIntegerField(_("version"), default=1)
    history = HistoricalRecords()

    class Meta:
        ordering = ["item_type", "item_id", "pk"]
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        constraints = [models.UniqueConstraint(fields=["item_type", "item_id", "agency"],
                                               name="assignment_unique_unit")]
        indexes = [models.Index(fields=["item_type", "item_id"])]

    def __str__(self):
        return f"{self.agency} · {self.item_type.model} {self.item_id}"

    @property
    def acknowledge_by(self):
        """The last day to acknowledge: SUPERVISION_ACKNOWLEDGE_DAYS working days after the assignment."""
        return add_working_days(timezone.localdate(self.assigned_at), settings.SUPERVISION_ACKNOWLEDGE_DAYS)

    def acknowledgement_overdue(self, today) -> bool:
        return self.acknowledged_at is None and today > self.acknowledge_by
