"""What units report: progress entries with evidence on the tasks and key projects they answer for, and the
prefectures' periodic reports (periods, one report per prefecture and period, its items and indicator lines).

The tables were created by the `tasks` app and keep their names (migrations moved only the models' state)."""

import functools
import operator

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from agencies.models import Agency
from core.lights import Milestone
from core.uploads import StoredFile
from indicators.models import Indicator
from projects.models import KeyProject, Safeguard
from tasks.models import AboutPlanItem, ItemStatus, Task


def exactly_one_of(*fields: str, name: str) -> models.CheckConstraint:
    """A row belongs to exactly one of its possible parents (a task, a key project or a safeguard, say)."""
    alone = [models.Q(**{f"{other}__isnull": other != field for other in fields}) for field in fields]
    return models.CheckConstraint(condition=functools.reduce(operator.or_, alone), name=name)


# The kinds of plan item a progress entry or a report item can be about: the name of its link to each.
ITEM_KINDS = (Task.ITEM_KIND, KeyProject.ITEM_KIND, Safeguard.ITEM_KIND)


def linked_item(row):
    """The task, key project or safeguard a row is about."""
    return next(getattr(row, kind) for kind in ITEM_KINDS if getattr(row, f"{kind}_id"))


class EntryKind(models.TextChoices):
    STATUS_UPDATE = "status_update", _("Status update by the lead unit")
    CONTRIBUTION = "contribution", _("Progress entry")
    PART_UPDATE = "part_update", _("Status update of a unit's part")


class ProgressEntry(models.Model):
    """One dated entry in an item's timeline: a lead unit's status update, or a unit's contribution.
    Entries are never edited or deleted; the timeline is the record."""

    task = models.ForeignKey(
        Task, on_delete=models.CASCADE, null=True, blank=True, related_name="progress_entries", verbose_name=_("task")
    )
    key_project = models.ForeignKey(
        KeyProject, on_delete=models.CASCADE, null=True, blank=True, related_name="progress_entries",
        verbose_name=_("key project"),
    )
    safeguard = models.ForeignKey(
        Safeguard, on_delete=models.CASCADE, null=True, blank=True, related_name="progress_entries",
        verbose_name=_("safeguard measure"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=EntryKind.choices)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="progress_entries", verbose_name=_("author")
    )
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="progress_entries",
                               verbose_name=_("agency"))
    status = models.CharField(_("status"), max_length=20, choices=ItemStatus.choices, blank=True)
    percent = models.PositiveSmallIntegerField(_("percent complete"), null=True, blank=True,
                                               validators=[MaxValueValidator(100)])
    narrative = models.TextField(_("progress"))
    problems = models.TextField(_("problems"), blank=True)
    next_steps = models.TextField(_("next steps"), blank=True)
    created_at = models.DateTimeField(_("time"), default=timezone.now, db_index=True)

    class Meta:
        db_table = "tasks_progressentry"
        ordering = ["-created_at", "-pk"]
        verbose_name = _("progress entry")
        verbose_name_plural = _("progress entries")
        constraints = [exactly_one_of(*ITEM_KINDS, name="progress_entry_one_item")]

    def __str__(self):
        return f"{self.item} · {self.agency} · {self.created_at:%Y-%m-%d}"

    @property
    def item(self):
        return linked_item(self)


class UnitPart(AboutPlanItem):
    """One responsible unit's part of an item (a provincial department's, or a prefecture's behind 各州、市人民政府):
    its own status, percent and latest narrative, fed by the unit's part updates and its accepted reports. The
    provincial office may break it out as a sub-item (分解): what the part is, its own deadline and yearly
    milestones. Completed parts await verification like whole items. Every change is kept."""

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="parts",
                               verbose_name=_("responsible unit"))
    title = models.CharField(_("the part (分解事项)"), max_length=200, blank=True)
    deadline = models.DateField(_("deadline of the part"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=ItemStatus.choices, default=ItemStatus.NOT_STARTED)
    percent = models.PositiveSmallIntegerField(_("percent complete"), default=0, validators=[MaxValueValidator(100)])
    narrative = models.TextField(_("latest progress"), blank=True)
    # Named as an item's are, so that the writes common to items and parts (completion decisions) read alike.
    status_updated_at = models.DateTimeField(_("status updated at"), null=True, blank=True)
    status_updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True,
                                          blank=True, related_name="+", verbose_name=_("status updated by"))
    created_at = models.DateTimeField(_("tracked since"), default=timezone.now)
    # Two versions, so that neither side's write is refused for the other's: `version` grows with the unit's
    # status updates (and the office's decisions on them), `terms_version` with the office's terms (what the part
    # is, its deadline, its milestones, an approved extension).
    version = models.PositiveIntegerField(_("version"), default=1)
    terms_version = models.PositiveIntegerField(_("version of the terms"), default=1)
    history = HistoricalRecords()

    class Meta:
        ordering = ["agency__order", "pk"]
        verbose_name = _("unit's part")
        verbose_name_plural = _("units' parts")
        constraints = [models.UniqueConstraint(fields=["item_type", "item_id", "agency"], name="part_unique_unit")]
        indexes = [models.Index(fields=["item_type", "item_id"])]

    def __str__(self):
        return f"{self.agency} · {self.title or self.item_type.model} {self.item_id}"


class PartMilestone(models.Model):
    """年度目标 of a part: by the end of `year`, `percent` complete."""

    part = models.ForeignKey(UnitPart, on_delete=models.CASCADE, related_name="milestones", verbose_name=_("part"))
    year = models.PositiveSmallIntegerField(_("year"), validators=[MinValueValidator(2021), MaxValueValidator(2035)])
    percent = models.PositiveSmallIntegerField(_("percent complete by the year's end"),
                                               validators=[MinValueValidator(1), MaxValueValidator(100)])
    history = HistoricalRecords()

    class Meta:
        ordering = ["year"]
        verbose_name = _("yearly milestone")
        verbose_name_plural = _("yearly milestones")
        constraints = [models.UniqueConstraint(fields=["part", "year"], name="milestone_unique_year")]

    def __str__(self):
        return str(Milestone(self.year, self.percent))


class CompletionDecision(models.Model):
    """办结审核: the provincial office's decision on an item's completion: verified (销号), sent back, or a verified
    item reopened; who, when, why, and the evidence seen (each file of the request by name and SHA-256, as it was
    when decided)."""

    VERIFIED, RETURNED, REOPENED = "verified", "returned", "reopened"
    DECISIONS = [(VERIFIED, _("Verified as completed (销号)")), (RETURNED, _("Sent back")),
                 (REOPENED, _("Reopened"))]

    task = models.ForeignKey(Task, on_delete=models.CASCADE, null=True, blank=True, related_name="+",
                             verbose_name=_("task"))
    key_project = models.ForeignKey(KeyProject, on_delete=models.CASCADE, null=True, blank=True, related_name="+",
                                    verbose_name=_("key project"))
    safeguard = models.ForeignKey(Safeguard, on_delete=models.CASCADE, null=True, blank=True, related_name="+",
                                  verbose_name=_("safeguard measure"))
    # A decision on one unit's part; on the whole item when empty.
    part = models.ForeignKey(UnitPart, on_delete=models.CASCADE, null=True, blank=True, related_name="decisions",
                             verbose_name=_("unit's part"))
    decision = models.CharField(_("decision"), max_length=10, choices=DECISIONS)
    note = models.TextField(_("note"), blank=True)
    request = models.ForeignKey(ProgressEntry, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                                verbose_name=_("completion request"))
    evidence_seen = models.TextField(_("evidence seen"), blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                   verbose_name=_("decided by"))
    decided_at = models.DateTimeField(_("decided at"), default=timezone.now)

    class Meta:
        ordering = ["-decided_at", "-pk"]
        verbose_name = _("completion decision")
        verbose_name_plural = _("completion decisions")
        constraints = [exactly_one_of(*ITEM_KINDS, name="completion_decision_one_item")]

    def __str__(self):
        return f"{linked_item(self)} · {self.get_decision_display()}"


class EvidenceFile(StoredFile):
    """佐证材料 of a progress entry or a report item."""

    entry = models.ForeignKey(ProgressEntry, on_delete=models.CASCADE, related_name="evidence", null=True,
                              blank=True, verbose_name=_("progress entry"))
    report_item = models.ForeignKey("ReportItem", on_delete=models.CASCADE, related_name="evidence", null=True,
                                    blank=True, verbose_name=_("report item"))

    class Meta:
        db_table = "tasks_evidencefile"
        ordering = ["pk"]
        verbose_name = _("evidence file")
        verbose_name_plural = _("evidence files")
        constraints = [exactly_one_of("entry", "report_item", name="evidence_one_owner")]


class PeriodKind(models.TextChoices):
    QUARTER = "quarter", _("Quarter")
    HALF_YEAR = "half_year", _("Half year")
    YEAR = "year", _("Year")


class ReportingPeriod(models.Model):
    kind = models.CharField(_("kind"), max_length=10, choices=PeriodKind.choices, default=PeriodKind.QUARTER)
    year = models.PositiveSmallIntegerField(_("year"))
    number = models.PositiveSmallIntegerField(_("number"), default=1)  # quarter 1–4, half 1–2, year 1
    start = models.DateField(_("start"))
    end = models.DateField(_("end"))
    due_date = models.DateField(_("due date"))
    opened_at = models.DateTimeField(_("opened at"), null=True, blank=True)
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                  related_name="+", verbose_name=_("opened by"))

    class Meta:
        db_table = "tasks_reportingperiod"
        ordering = ["-start", "kind"]
        verbose_name = _("reporting period")
        verbose_name_plural = _("reporting periods")
        constraints = [models.UniqueConstraint(fields=["kind", "year", "number"], name="period_unique")]

    def __str__(self):
        if self.kind == PeriodKind.QUARTER:
            return f"{self.year}年第{self.number}季度"
        if self.kind == PeriodKind.HALF_YEAR:
            return f"{self.year}年{'上' if self.number == 1 else '下'}半年"
        return f"{self.year}年度"


class ReportStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    RETURNED = "returned", _("Returned")
    ACCEPTED = "accepted", _("Accepted")


# A report the prefecture may still fill in: not yet submitted, or returned to it.
EDITABLE = (ReportStatus.DRAFT, ReportStatus.RETURNED)
# A report's values count (in roll-ups, the dashboard, the workbook) once submitted, and after acceptance.
COUNTED = (ReportStatus.SUBMITTED, ReportStatus.ACCEPTED)


class PrefectureReport(models.Model):
    """One prefecture's report for one period. `first_submitted_at` fixes timeliness: a report first submitted
    after its due date is late, and stays late after a return and resubmission."""

    period = models.ForeignKey(ReportingPeriod, on_delete=models.CASCADE, related_name="reports",
                               verbose_name=_("reporting period"))
    prefecture = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="reports",
                                   verbose_name=_("prefecture"))
    status = models.CharField(_("status"), max_length=10, choices=ReportStatus.choices, default=ReportStatus.DRAFT)
    first_submitted_at = models.DateTimeField(_("first submitted at"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    is_late = models.BooleanField(_("late"), default=False)
    return_reason = models.TextField(_("reason for return"), blank=True)
    version = models.PositiveIntegerField(_("version"), default=1)
    history = HistoricalRecords(table_name="tasks_historicalprefecturereport")

    class Meta:
        db_table = "tasks_prefecturereport"
        ordering = ["period", "prefecture__order"]
        verbose_name = _("prefecture report")
        verbose_name_plural = _("prefecture reports")
        constraints = [models.UniqueConstraint(fields=["period", "prefecture"], name="report_unique")]

    def __str__(self):
        return f"{self.prefecture} · {self.period}"

    @property
    def editable(self) -> bool:
        return self.status in EDITABLE

    @property
    def days_overdue(self) -> int:
        """How many days past its due date a report not yet submitted (or returned and not resubmitted) is; 0 if
        it is not."""
        if not self.editable:
            return 0
        return max((timezone.localdate() - self.period.due_date).days, 0)


class ReportTransition(models.Model):
    report = models.ForeignKey(PrefectureReport, on_delete=models.CASCADE, related_name="transitions",
                               verbose_name=_("report"))
    from_status = models.CharField(_("from"), max_length=10, choices=ReportStatus.choices)
    to_status = models.CharField(_("to"), max_length=10, choices=ReportStatus.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                              verbose_name=_("by"))
    at = models.DateTimeField(_("time"), default=timezone.now)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        db_table = "tasks_reporttransition"
        ordering = ["at", "pk"]
        verbose_name = _("report transition")
        verbose_name_plural = _("report transitions")

    def __str__(self):
        return f"{self.report}: {self.from_status} → {self.to_status}"


class ReportItem(models.Model):
    """The prefecture's part of one task, key project or safeguard in one report. Every change is kept (who, when,
    through which channel, old → new), as DHIS2 audits each data value."""

    report = models.ForeignKey(PrefectureReport, on_delete=models.CASCADE, related_name="items",
                               verbose_name=_("report"))
    task = models.ForeignKey(Task, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                             verbose_name=_("task"))
    key_project = models.ForeignKey(KeyProject, on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="+", verbose_name=_("key project"))
    safeguard = models.ForeignKey(Safeguard, on_delete=models.PROTECT, null=True, blank=True,
                                  related_name="+", verbose_name=_("safeguard measure"))
    position = models.PositiveSmallIntegerField(_("position"))
    status = models.CharField(_("status"), max_length=20, choices=ItemStatus.choices, blank=True)
    narrative = models.TextField(_("progress"), blank=True)
    problems = models.TextField(_("problems"), blank=True)
    history = HistoricalRecords()

    class Meta:
        db_table = "tasks_reportitem"
        ordering = ["position"]
        verbose_name = _("report item")
        verbose_name_plural = _("report items")
        constraints = [models.UniqueConstraint(fields=["report", "position"], name="report_item_unique")]

    def __str__(self):
        return f"{self.report} · {self.code}"

    @property
    def code(self) -> str:
        """The code staff use in the Excel sheet: a task code, 工程N for key project N, 保障N for safeguard N."""
        return self.item.code

    @property
    def item(self):
        return linked_item(self)


class ReportIndicatorLine(models.Model):
    """The prefecture's value of an indicator measured per prefecture (a ratio carries its two parts); every
    change is kept, as for report items."""

    report = models.ForeignKey(PrefectureReport, on_delete=models.CASCADE, related_name="indicator_lines",
                               verbose_name=_("report"))
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="report_lines",
                                  verbose_name=_("indicator"))
    value = models.DecimalField(_("value"), max_digits=14, decimal_places=4, null=True, blank=True)
    numerator = models.DecimalField(_("numerator"), max_digits=16, decimal_places=4, null=True, blank=True)
    denominator = models.DecimalField(_("denominator"), max_digits=16, decimal_places=4, null=True, blank=True)
    source_note = models.CharField(_("source of the value"), max_length=300, blank=True)
    history = HistoricalRecords()

    class Meta:
        db_table = "tasks_reportindicatorline"
        ordering = ["indicator__code"]
        verbose_name = _("report indicator line")
        verbose_name_plural = _("report indicator lines")
        constraints = [models.UniqueConstraint(fields=["report", "indicator"], name="report_line_unique")]

    def __str__(self):
        return f"{self.report} · {self.indicator_id}"
