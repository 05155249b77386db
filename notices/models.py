"""督办单 (supervision notices): one numbered document to one unit for one colour, listing the items and parts it
covers (NoticeLine), with the unit's answers and the office's steps (NoticeStep) and the files attached to them."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.uploads import StoredFile
from tasks.models import AboutPlanItem


class NoticeColour(models.TextChoices):
    BLUE = "blue", _("Blue notice (蓝色督办单)")
    YELLOW = "yellow", _("Yellow notice (黄色督办单)")
    RED = "red", _("Red notice (红色督办单)")


# How urgent a colour is: a subject that turns a worse colour gets a new notice of that colour.
SEVERITY = {None: 0, NoticeColour.BLUE: 1, NoticeColour.YELLOW: 2, NoticeColour.RED: 3}


class NoticeState(models.TextChoices):
    AWAITING = "awaiting", _("Awaiting the unit's answer")
    ANSWERED = "answered", _("Answered")
    ESCALATED = "escalated", _("Escalated (a second notice followed)")
    CLOSED = "closed", _("Closed")


class UnitContact(models.Model):
    """Whom a unit's notices are addressed to (联络员) and, when one goes unanswered, whom the second notice is also
    addressed to (the unit's leadership contact, 分管领导). Set by the provincial office."""

    agency = models.OneToOneField("agencies.Agency", on_delete=models.CASCADE, related_name="notice_contacts",
                                  verbose_name=_("unit"))
    contact = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                related_name="+", verbose_name=_("contact person (联络员)"))
    leader = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                               related_name="+", verbose_name=_("leadership contact (分管领导)"))

    class Meta:
        verbose_name = _("unit's notice contacts")
        verbose_name_plural = _("units' notice contacts")

    def __str__(self):
        return str(self.agency)


class SupervisionNotice(models.Model):
    """督办单: numbered per year ({prefix}〔{year}〕{sequence}号), addressed to one unit for one colour. A second
    notice (level 2) follows one left unanswered past its date, addressed to the unit's leadership contact too;
    one left unanswered again lists its items for provincial leadership (listed_for_leadership_at)."""

    year = models.PositiveSmallIntegerField(_("year"))
    sequence = models.PositiveIntegerField(_("number in the year"))
    colour = models.CharField(_("colour"), max_length=10, choices=NoticeColour.choices)
    agency = models.ForeignKey("agencies.Agency", on_delete=models.PROTECT, related_name="supervision_notices",
                               verbose_name=_("unit"))
    level = models.PositiveSmallIntegerField(_("level"), default=1)
    follows = models.OneToOneField("self", on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="followed_by", verbose_name=_("follows notice"))
    addressees = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="supervision_notices",
                                        verbose_name=_("addressed to"))
    issued_on = models.DateField(_("issued on"))
    answer_by = models.DateField(_("answer by"))
    state = models.CharField(_("state"), max_length=10, choices=NoticeState.choices, default=NoticeState.AWAITING)
    listed_for_leadership_at = models.DateTimeField(_("listed for provincial leadership at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    closed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                  related_name="+", verbose_name=_("closed by"))
    close_reason = models.TextField(_("why closed"), blank=True)
    version = models.PositiveIntegerField(_("version"), default=1)

    class Meta:
        ordering = ["-issued_on", "-year", "-sequence"]
        verbose_name = _("supervision notice")
        verbose_name_plural = _("supervision notices")
        constraints = [models.UniqueConstraint(fields=["year", "sequence"], name="notice_unique_number")]
        indexes = [models.Index(fields=["agency", "state"]), models.Index(fields=["state", "answer_by"])]

    def __str__(self):
        return self.number

    @property
    def number(self) -> str:
        """文号, e.g. 云应急督〔2026〕15号."""
        return f"{settings.SUPERVISION_NOTICE_PREFIX}〔{self.year}〕{self.sequence}号"

    @property
    def is_open(self) -> bool:
        return self.state in (NoticeState.AWAITING, NoticeState.ANSWERED)

    def answer_overdue(self, today) -> bool:
        return self.state == NoticeState.AWAITING and today > self.answer_by


class LineResolution(models.TextChoices):
    RECOVERED = "recovered", _("Recovered")
    WORSENED = "worsened", _("Worsened: a notice of a worse colour covers it")
    FOLLOWED = "followed", _("Carried to the second notice")


class NoticeLine(AboutPlanItem):
    """One item (the whole item, for its lead unit) or one unit's part of an item, on a notice: its light and the
    reason in words when issued. Resolved when the subject recovers, or turns a worse colour (another notice)."""

    notice = models.ForeignKey(SupervisionNotice, on_delete=models.CASCADE, related_name="lines",
                               verbose_name=_("notice"))
    part = models.ForeignKey("reporting.UnitPart", on_delete=models.PROTECT, null=True, blank=True,
                             related_name="+", verbose_name=_("unit's part"))
    reason = models.CharField(_("reason"), max_length=300)
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    resolved_on = models.DateField(_("resolved on"), null=True, blank=True)
    resolution = models.CharField(_("resolution"), max_length=10, choices=LineResolution.choices, blank=True)

    class Meta:
        ordering = ["notice", "pk"]
        verbose_name = _("notice line")
        verbose_name_plural = _("notice lines")
        indexes = [models.Index(fields=["item_type", "item_id"])]

    def __str__(self):
        return f"{self.notice} · {self.item_type.model} {self.item_id}"


class StepKind(models.TextChoices):
    ANSWER = "answer", _("Answer (反馈)")
    ASK_AGAIN = "ask_again", _("Asked again")
    CLOSE = "close", _("Closed")


class NoticeStep(models.Model):
    """What happened to a notice after it was issued: the unit's answer (what it will do, by when, with files), the
    office asking again (with a new answer-by date) or closing it (with the reason)."""

    notice = models.ForeignKey(SupervisionNotice, on_delete=models.CASCADE, related_name="steps",
                               verbose_name=_("notice"))
    kind = models.CharField(_("kind"), max_length=10, choices=StepKind.choices)
    text = models.TextField(_("text"))
    promised_by = models.DateField(_("to be done by"), null=True, blank=True)
    answer_by = models.DateField(_("new answer-by date"), null=True, blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                           related_name="+", verbose_name=_("by"))  # None: the daily job
    at = models.DateTimeField(_("at"))

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("notice step")
        verbose_name_plural = _("notice steps")

    def __str__(self):
        return f"{self.notice} · {self.get_kind_display()}"


class NoticeAttachment(StoredFile):
    """A file attached to an answer, checked like evidence (core.uploads)."""

    step = models.ForeignKey(NoticeStep, on_delete=models.CASCADE, related_name="attachments",
                             verbose_name=_("answer"))

    class Meta:
        ordering = ["pk"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
