"""Every quantitative target of the plan, once, with each place the plan states it."""


from django.conf import settings
from django.db import models
from django.db.models import F
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.numbers import plain_number
from projects.models import KeyProject
from tasks.models import GoalArea, Plan, SourceParagraph, Task


class Comparator(models.TextChoices):
    GE = ">=", "≥"
    LE = "<=", "≤"
    EQ = "=", "="


class IndicatorKind(models.TextChoices):
    RATE = "rate", _("Rate")
    COUNT = "count", _("Count")
    TIME = "time", _("Time")
    LEVEL = "level", _("Level")
    MILESTONE = "milestone", _("Dated milestone")


class RollupMethod(models.TextChoices):
    SUM = "sum", _("Sum")
    AVERAGE = "average", _("Average")
    MINIMUM = "min", _("Minimum")
    MAXIMUM = "max", _("Maximum")
    LATEST = "latest", _("Latest")
    RATIO = "ratio", _("Ratio (numerators and denominators added separately)")


class Indicator(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="indicators", verbose_name=_("plan"))
    code = models.CharField(_("code"), max_length=10, unique=True)
    name = models.CharField(_("name"), max_length=200)
    target_value = models.DecimalField(_("target value"), max_digits=14, decimal_places=4)
    unit = models.CharField(_("unit"), max_length=10)
    comparator = models.CharField(_("comparator"), max_length=2, choices=Comparator.choices)
    kind = models.CharField(_("kind"), max_length=20, choices=IndicatorKind.choices)
    target_year = models.PositiveSmallIntegerField(_("target year"))
    goal_area = models.ForeignKey(
        GoalArea, on_delete=models.PROTECT, null=True, blank=True, related_name="indicators",
        verbose_name=_("goal area"),
    )
    # The task or key project that carries the work; a goal stated only in 主要目标 has neither.
    task = models.ForeignKey(
        Task, on_delete=models.PROTECT, null=True, blank=True, related_name="indicators", verbose_name=_("task")
    )
    key_project = models.ForeignKey(
        KeyProject, on_delete=models.PROTECT, null=True, blank=True, related_name="indicators",
        verbose_name=_("key project"),
    )
    paragraph = models.ForeignKey(
        SourceParagraph, on_delete=models.PROTECT, related_name="+", verbose_name=_("source paragraph")
    )
    # Prefectures report this indicator each period; their values roll up to the province by this method.
    per_prefecture = models.BooleanField(_("measured per prefecture"), default=False)
    rollup_method = models.CharField(_("roll-up method"), max_length=10, choices=RollupMethod.choices, blank=True)
    # Entered by coordinators: the 2020 value the plan starts from, and the long-range (2035) target.
    baseline_value = models.DecimalField(_("baseline value"), max_digits=14, decimal_places=4, null=True, blank=True)
    baseline_year = models.PositiveSmallIntegerField(_("baseline year"), null=True, blank=True)
    baseline_source = models.CharField(_("source of the baseline"), max_length=300, blank=True)
    target_2035_value = models.DecimalField(_("2035 target value"), max_digits=14, decimal_places=4, null=True,
                                            blank=True)
    version = models.PositiveIntegerField(_("version"), default=1)
    history = HistoricalRecords()

    class Meta:
        ordering = ["code"]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        constraints = [
            models.CheckConstraint(
                condition=~(models.Q(task__isnull=False) & models.Q(key_project__isnull=False)),
                name="indicator_one_source",
            ),
        ]

    def __str__(self):
        return f"{self.code} {self.name}"

    @property
    def allocatable(self) -> bool:
        """Only count and rate targets that prefectures report can be split among them."""
        return self.per_prefecture and self.kind in (IndicatorKind.COUNT, IndicatorKind.RATE)

    @property
    def target_display(self) -> str:
        return f"{self.get_comparator_display()}{plain_number(self.target_value)}{self.unit}"

    @property
    def source_code(self) -> str | int | None:
        """The task code or key-project number the target belongs to."""
        if self.task_id:
            return self.task.code
        if self.key_project_id:
            return self.key_project.number
        return None


class IndicatorMention(models.Model):
    """One place the plan states the target; a restated target has several."""

    indicator = models.ForeignKey(
        Indicator, on_delete=models.CASCADE, related_name="mentions", verbose_name=_("indicator")
    )
    position = models.PositiveSmallIntegerField(_("position"))
    phrase = models.TextField(_("phrase as written"))
    paragraph = models.ForeignKey(
        SourceParagraph, on_delete=models.PROTECT, related_name="+", verbose_name=_("source paragraph")
    )

    class Meta:
        ordering = ["position"]
        verbose_name = _("statement of a target")
        verbose_name_plural = _("statements of targets")
        constraints = [
            models.UniqueConstraint(fields=["indicator", "position"], name="mention_unique_position"),
        ]

    def __str__(self):
        return self.phrase


# The value in force comes first: the newest, and on the same date the official statistic (rolled_up False sorts
# first), so an official statistic takes precedence over the roll-up of reports for periods ending on or before its
# date, and a roll-up of later periods takes over from it.
CURRENT_FIRST = ["-as_of", "rolled_up", "-pk"]
# What a provincial value is (by `rolled_up`); each place showing one says which: 汇总自州市报送 / 省级统计数据.
PROVENANCE = {True: _("Rolled up from prefecture reports"), False: _("Provincial statistic")}


class IndicatorValue(models.Model):
    """A provincial value of a target on a date: an official statistic the office entered with its source, or,
    for a target measured per prefecture, the roll-up of the prefectures' accepted reports (`rolled_up`), which
    the recomputation keeps in step with the reports (reporting.services.indicator_rollups_refresh)."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="values",
                                  verbose_name=_("indicator"))
    # A roll-up may add sixteen prefectures' values of up to 1e9 each (reporting.services.LIMIT).
    value = models.DecimalField(_("value"), max_digits=18, decimal_places=4)
    as_of = models.DateField(_("as of"))
    source = models.CharField(_("source"), max_length=300)
    rolled_up = models.BooleanField(_("rolled up from prefecture reports"), default=False)
    prefectures = models.PositiveSmallIntegerField(_("prefectures reporting"), null=True, blank=True)
    # Nobody enters a rolled-up value.
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                   null=True, blank=True, verbose_name=_("entered by"))
    entered_at = models.DateTimeField(_("entered at"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = CURRENT_FIRST
        verbose_name = _("indicator value")
        verbose_name_plural = _("indicator values")
        constraints = [
            models.UniqueConstraint(fields=["indicator", "as_of"], condition=models.Q(rolled_up=True),
                                    name="one_rollup_per_date"),
        ]
        # The value in force of a target (indicators.selectors.with_current_value) is the first row of this index
        # at or before a date: one index probe a target, not a sort of all its values (bench/).
        indexes = [models.Index("indicator", F("as_of").desc(), "rolled_up", F("id").desc(), name="value_in_force")]

    def __str__(self):
        return f"{self.indicator.code} {self.value} ({self.as_of})"

    @property
    def provenance(self) -> str:
        return PROVENANCE[self.rolled_up]


class Allocation(models.Model):
    """A provincial target split among the prefectures that deliver it (979 reservoirs → 昆明市 80, …).
    The shares of a count add up to the provincial figure unless the split is marked partial with a reason."""

    indicator = models.OneToOneField(Indicator, on_delete=models.CASCADE, related_name="allocation",
                                     verbose_name=_("indicator"))
    is_partial = models.BooleanField(_("partial"), default=False)
    partial_reason = models.TextField(_("why it is partial"), blank=True)
    version = models.PositiveIntegerField(_("version"), default=1)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                   verbose_name=_("updated by"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("allocation")
        verbose_name_plural = _("allocations")

    def __str__(self):
        return f"{self.indicator.code} {self.indicator.name}"


class AllocationShare(models.Model):
    allocation = models.ForeignKey(Allocation, on_delete=models.CASCADE, related_name="shares",
                                   verbose_name=_("allocation"))
    prefecture = models.ForeignKey("agencies.Agency", on_delete=models.PROTECT, related_name="allocation_shares",
                                   verbose_name=_("prefecture"))
    target_value = models.DecimalField(_("target value"), max_digits=14, decimal_places=4)
    history = HistoricalRecords()

    class Meta:
        ordering = ["prefecture__order"]
        verbose_name = _("allocated target")
        verbose_name_plural = _("allocated targets")
        constraints = [models.UniqueConstraint(fields=["allocation", "prefecture"], name="share_unique")]

    def __str__(self):
        return f"{self.prefecture} {plain_number(self.target_value)}"
