"""通报: a numbered document the provincial office circulates on how the plan stands: filled from the snapshot of
its date (figures kept as they were), with the office's own paragraphs; drafted, approved, then issued with a
number, after which it never changes. Its Word and PDF are built in the background."""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class BulletinKind(models.TextChoices):
    MONTH = "month", _("Monthly")
    QUARTER = "quarter", _("Quarterly")
    HALF_YEAR = "half_year", _("Half-yearly")
    YEAR = "year", _("Annual")
    FINAL = "final", _("Final evaluation of 2021–2025")


class BulletinState(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("bulletin state", "Draft")
    APPROVED = "approved", pgettext_lazy("bulletin state", "Approved")
    ISSUED = "issued", pgettext_lazy("bulletin state", "Issued")


class BuildState(models.TextChoices):
    NONE = "", _("Not built")
    PENDING = "pending", _("Waiting")
    RUNNING = "running", _("Being written")
    DONE = "done", _("Ready")
    FAILED = "failed", _("Failed")


# Documents still waiting or "being written" this long after they were asked for were lost (a job dropped, a worker
# stopped mid-way): they may be asked for again.
BUILD_STALE_AFTER = timedelta(minutes=10)


class Bulletin(models.Model):
    kind = models.CharField(_("kind"), max_length=10, choices=BulletinKind.choices)
    year = models.PositiveSmallIntegerField(_("year"))
    number = models.PositiveSmallIntegerField(_("period"), default=1)  # month, quarter or half; 1 for a year
    as_of = models.DateField(_("figures as of"))  # the snapshot the figures were read from: that day or before
    title = models.CharField(_("title"), max_length=100)
    figures = models.JSONField(_("figures"))  # as read when drafted (bulletins.figures), never recomputed
    # The office's paragraphs, prefilled from the figures and edited before issue.
    overview = models.TextField(_("overall situation"), blank=True)
    praise = models.TextField(_("commended (表扬)"), blank=True)
    criticism = models.TextField(_("named for lagging (通报)"), blank=True)
    requirements = models.TextField(_("next steps required"), blank=True)
    state = models.CharField(_("state"), max_length=10, choices=BulletinState.choices, default=BulletinState.DRAFT)
    version = models.PositiveIntegerField(_("version"), default=1)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                   verbose_name=_("drafted by"))
    created_at = models.DateTimeField(_("drafted at"), auto_now_add=True)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="+", verbose_name=_("approved by"))
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    # The document number, given on issue: {prefix}〔{doc_year}〕{doc_sequence}号.
    doc_year = models.PositiveSmallIntegerField(_("number year"), null=True, blank=True)
    doc_sequence = models.PositiveIntegerField(_("number in the year"), null=True, blank=True)
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                  related_name="+", verbose_name=_("issued by"))
    issued_at = models.DateTimeField(_("issued at"), null=True, blank=True)
    build = models.CharField(_("documents"), max_length=10, choices=BuildState.choices, blank=True)
    build_percent = models.PositiveSmallIntegerField(_("documents written"), default=0)
    build_error = models.TextField(_("error"), blank=True)
    build_started_at = models.DateTimeField(_("documents asked for at"), null=True, blank=True)
    docx = models.CharField(_("Word file"), max_length=300, blank=True)
    pdf = models.CharField(_("PDF file"), max_length=300, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("bulletin")
        verbose_name_plural = _("bulletins")
        constraints = [models.UniqueConstraint(fields=["doc_year", "doc_sequence"], name="bulletin_unique_number")]

    def __str__(self):
        return f"{self.document_number} {self.title}" if self.doc_sequence else self.title

    @property
    def document_number(self) -> str:
        if not self.doc_sequence:
            return ""
        return f"{settings.BULLETIN_NUMBER_PREFIX}〔{self.doc_year}〕{self.doc_sequence}号"

    @property
    def is_issued(self) -> bool:
        return self.state == BulletinState.ISSUED

    @property
    def build_can_restart(self) -> bool:
        """Its documents failed, or their writing was cut off: the office may ask for them again."""
        return self.is_issued and (self.build == BuildState.FAILED or (
            self.build in (BuildState.PENDING, BuildState.RUNNING) and self.build_started_at is not None
            and self.build_started_at < timezone.now() - BUILD_STALE_AFTER))
