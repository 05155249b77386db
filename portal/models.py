"""Dated snapshots of lights and roll-ups (written by the recomputation job, read by pages), and notifications."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from portal.lights import Assessment, Light


class SubjectKind(models.TextChoices):
    TASK = "task", _("Task")
    KEY_PROJECT = "key_project", _("Key project")
    INDICATOR = "indicator", _("Indicator")
    TASK_RESPONSIBILITY = "task_responsibility", _("Task responsibility")
    KEY_PROJECT_RESPONSIBILITY = "key_project_responsibility", _("Key project responsibility")
    REPORT = "report", _("Prefecture report")


class LightSnapshot(models.Model):
    """The light of one subject on one day. One row per (date, kind, subject): a rerun on the same day
    replaces the row, so the job never writes duplicates."""

    # No index of its own: the unique (date, kind, subject_id) serves "the day's rows" too, and a date-only index
    # lured the planner into reading the whole day to find one kind (bench/, docs/performance.md).
    date = models.DateField(_("date"))
    kind = models.CharField(_("kind"), max_length=30, choices=SubjectKind.choices)
    subject_id = models.PositiveBigIntegerField(_("subject"))
    light = models.CharField(_("light"), max_length=10, choices=Light.choices)
    reason = models.CharField(_("reason"), max_length=300)
    progress = models.FloatField(_("progress"), null=True, blank=True)
    expected = models.FloatField(_("expected pace"), null=True, blank=True)
    assessment = models.CharField(_("assessment"), max_length=20, choices=Assessment.choices, blank=True)

    class Meta:
        verbose_name = _("light snapshot")
        verbose_name_plural = _("light snapshots")
        constraints = [models.UniqueConstraint(fields=["date", "kind", "subject_id"], name="light_snapshot_unique")]
        indexes = [models.Index(fields=["kind", "subject_id", "date"])]

    def __str__(self):
        return f"{self.date} {self.kind}#{self.subject_id} {self.light}"


class RollupScope(models.TextChoices):
    PLAN = "plan", _("Whole plan")
    TASK_GROUP = "task_group", _("Task group")
    KEY_PROJECT_GROUP = "key_project_group", _("Key project group")
    GOAL_AREA = "goal_area", _("Goal area")
    AGENCY_LEAD = "agency_lead", _("Agency as lead unit")
    AGENCY_PARTICIPANT = "agency_participant", _("Agency as participating unit")
    PREFECTURE = "prefecture", _("Prefecture")


class RollupSnapshot(models.Model):
    """Counts per light and weighted progress of a scope (a group, an agency, the plan) on one day."""

    date = models.DateField(_("date"))  # the unique (date, scope, scope_id) indexes it
    scope = models.CharField(_("scope"), max_length=30, choices=RollupScope.choices)
    scope_id = models.PositiveBigIntegerField(_("scope id"), default=0)  # 0 for the whole plan
    green = models.PositiveIntegerField(default=0)
    yellow = models.PositiveIntegerField(default=0)
    red = models.PositiveIntegerField(default=0)
    grey = models.PositiveIntegerField(default=0)
    progress = models.FloatField(_("weighted progress"), null=True, blank=True)
    indicator_progress = models.FloatField(_("progress toward targets"), null=True, blank=True)

    class Meta:
        verbose_name = _("roll-up snapshot")
        verbose_name_plural = _("roll-up snapshots")
        constraints = [
            models.UniqueConstraint(fields=["date", "scope", "scope_id"], name="rollup_snapshot_unique"),
        ]
        indexes = [models.Index(fields=["scope", "scope_id", "date"])]  # a scope's trend over time

    def __str__(self):
        return f"{self.date} {self.scope}#{self.scope_id}"

    @property
    def total(self) -> int:
        return self.green + self.yellow + self.red + self.grey


class Notification(models.Model):
    """An in-app notice (催办) to one user; `key` makes a reminder idempotent: the same notice is created once."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications",
                             verbose_name=_("user"))
    key = models.CharField(max_length=200)
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("message"), blank=True)
    url = models.CharField(_("link"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("time"), auto_now_add=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("emailed at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        constraints = [models.UniqueConstraint(fields=["user", "key"], name="notification_unique_key")]
        indexes = [models.Index(fields=["user", "read_at"])]

    def __str__(self):
        return self.title


class ExportStatus(models.TextChoices):
    PENDING = "pending", _("Waiting")
    RUNNING = "running", _("Being written")
    DONE = "done", _("Ready")
    FAILED = "failed", _("Failed")


class Export(models.Model):
    """An evaluation workbook asked for by a user: who, when, with which filters, and how far along it is."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="exports",
                             verbose_name=_("user"))
    filters = models.JSONField(_("filters"))
    description = models.CharField(_("filters"), max_length=300, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=ExportStatus.choices, default=ExportStatus.PENDING)
    rows_total = models.PositiveIntegerField(_("rows"), default=0)
    rows_written = models.PositiveIntegerField(_("rows written"), default=0)
    file = models.CharField(_("file"), max_length=300, blank=True)
    size = models.PositiveBigIntegerField(_("size"), default=0)
    error = models.TextField(_("error"), blank=True)
    created_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("export")
        verbose_name_plural = _("exports")

    def __str__(self):
        return f"{self.user} {self.created_at:%Y-%m-%d %H:%M}"

    @property
    def percent(self) -> int:
        return int(100 * self.rows_written / self.rows_total) if self.rows_total else 0

    @property
    def filename(self) -> str:
        return f"年度评估台账-{self.filters.get('year')}-{self.pk}.xlsx"
