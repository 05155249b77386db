"""Dated snapshots of lights and roll-ups: written by the recomputation (recompute/), read by every page.
Subjects are named by kind and id, not by foreign key, so any app can read its items' lights from here.

The tables were created by the former `portal` app and keep their names."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from core.lights import Assessment, Light


class SubjectKind(models.TextChoices):
    TASK = "task", _("Task")
    KEY_PROJECT = "key_project", _("Key project")
    SAFEGUARD = "safeguard", _("Safeguard measure")
    INDICATOR = "indicator", _("Indicator")
    TASK_RESPONSIBILITY = "task_responsibility", _("Task responsibility")
    KEY_PROJECT_RESPONSIBILITY = "key_project_responsibility", _("Key project responsibility")
    SAFEGUARD_RESPONSIBILITY = "safeguard_responsibility", _("Safeguard responsibility")
    REPORT = "report", _("Prefecture report")
    UNIT_PART = "unit_part", _("Unit's part of an item")


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
    # The reason naming the lagging prefectures (core.lights.Judgement.named_reason), shown only to those who see
    # every unit; `reason` counts them and is what each prefecture reads.
    named_reason = models.CharField(_("reason naming the units"), max_length=300, blank=True)
    progress = models.FloatField(_("progress"), null=True, blank=True)
    expected = models.FloatField(_("expected pace"), null=True, blank=True)
    assessment = models.CharField(_("assessment"), max_length=20, choices=Assessment.choices, blank=True)

    class Meta:
        db_table = "portal_lightsnapshot"
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
    """Counts per light and average progress of a scope (a group, an agency, the plan) on one day."""

    date = models.DateField(_("date"))  # the unique (date, scope, scope_id) indexes it
    scope = models.CharField(_("scope"), max_length=30, choices=RollupScope.choices)
    scope_id = models.PositiveBigIntegerField(_("scope id"), default=0)  # 0 for the whole plan
    green = models.PositiveIntegerField(default=0)
    yellow = models.PositiveIntegerField(default=0)
    red = models.PositiveIntegerField(default=0)
    grey = models.PositiveIntegerField(default=0)
    progress = models.FloatField(_("average progress"), null=True, blank=True)  # items counted equally
    indicator_progress = models.FloatField(_("progress toward targets"), null=True, blank=True)

    class Meta:
        db_table = "portal_rollupsnapshot"
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


class SnapshotStamp(models.Model):
    """One row: a fresh random token, written by every transaction that writes the snapshot, in that transaction.
    What is computed from the snapshot is cached under it (snapshots.selectors.cached_by_snapshot): a reader that
    sees a token sees the rows it stamps, so a recomputation shows at once; and a random token is never reused, not
    after a rolled-back write nor after a backup is restored."""

    token = models.UUIDField(_("token"))

    class Meta:
        verbose_name = _("snapshot stamp")
        verbose_name_plural = _("snapshot stamps")

    def __str__(self):
        return str(self.token)
