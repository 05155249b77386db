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


class ExtensionStatus(models.TextChoices):
    PENDING = "pending", _("Awaiting decision")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")


class ExtensionRequest(AboutPlanItem):
    """延期申请: the lead unit asks for a later deadline, with the reason and attachments (an entry in the item's
    timeline carries them, so they are read and downloaded like any evidence). The provincial office approves it
    into a plan revision that names the request, or rejects it with a reason."""

    agency = models.ForeignKey("agencies.Agency", on_delete=models.PROTECT, related_name="extension_requests",
                               verbose_name=_("requesting unit"))
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                     verbose_name=_("requested by"))
    requested_at = models.DateTimeField(_("requested at"), default=timezone.now)
    current_deadline = models.DateField(_("deadline when requested"))
    requested_deadline = models.DateField(_("requested deadline"))
    reason = models.TextField(_("reason"))
    entry = models.ForeignKey("reporting.ProgressEntry", on_delete=models.PROTECT, related_name="+",
                              verbose_name=_("timeline entry"))
    # A unit's request for its own part (its deadline changes, not the plan's); for the whole item when empty.
    part = models.ForeignKey("reporting.UnitPart", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                             verbose_name=_("unit's part"))
    status = models.CharField(_("status"), max_length=10, choices=ExtensionStatus.choices,
                              default=ExtensionStatus.PENDING)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+", verbose_name=_("decided by"))
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_note = models.TextField(_("decision note"), blank=True)
    revision = models.ForeignKey("revisions.PlanRevision", on_delete=models.PROTECT, null=True, blank=True,
                                 related_name="+", verbose_name=_("plan revision"))
    history = HistoricalRecords()

    class Meta:
        ordering = ["-requested_at", "-pk"]
        verbose_name = _("extension request")
        verbose_name_plural = _("extension requests")
        constraints = [models.UniqueConstraint(fields=["item_type", "item_id", "agency"],
                                               condition=models.Q(status="pending"),
                                               name="extension_one_pending_per_unit")]

    def __str__(self):
        return f"{self.agency} · {self.requested_deadline:%Y-%m-%d}"

    @property
    def reference(self) -> str:
        """How the plan revision it becomes names it (PlanRevision.reference)."""
        return f"延期申请#{self.pk}({self.agency} {timezone.localtime(self.requested_at):%Y-%m-%d})"
