"""The plan's structure: the plan, its source paragraphs, principles, goals, task groups and tasks."""

from datetime import date

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from agencies.models import Agency, Responsibility, ResponsibilityRole

ONGOING_TEXT = "持续推进"


def exactly_one_of(first: str, second: str, *, name: str) -> models.CheckConstraint:
    """A row belongs to exactly one of two parents (a task or a key project, say)."""
    return models.CheckConstraint(
        condition=models.Q(**{f"{first}__isnull": False, f"{second}__isnull": True})
        | models.Q(**{f"{first}__isnull": True, f"{second}__isnull": False}),
        name=name,
    )


def cn_ordinal(number: int) -> str:
    """1 → "(一)", the way the plan numbers its groups."""
    return f"({'一二三四五六七八九十'[number - 1]})"


class Plan(models.Model):
    code = models.CharField(_("code"), max_length=40, unique=True)
    title = models.CharField(_("title"), max_length=200)
    start_year = models.PositiveSmallIntegerField(_("start year"))
    end_year = models.PositiveSmallIntegerField(_("end year"))
    horizon_year = models.PositiveSmallIntegerField(_("long-range horizon year"))
    preamble = models.TextField(_("preamble"), blank=True)
    guiding_ideology = models.TextField(_("guiding ideology"), blank=True)
    goal_2025 = models.TextField(_("goal for the plan period"), blank=True)
    goal_2035 = models.TextField(_("long-range goal"), blank=True)

    class Meta:
        verbose_name = _("plan")
        verbose_name_plural = _("plans")

    def __str__(self):
        return self.title


class SourceParagraph(models.Model):
    """A paragraph of the published text, numbered by its line in fixtures/source/, so every item can cite it."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="paragraphs", verbose_name=_("plan"))
    number = models.PositiveIntegerField(_("line number"))
    text = models.TextField(_("text"))

    class Meta:
        ordering = ["number"]
        verbose_name = _("source paragraph")
        verbose_name_plural = _("source paragraphs")
        constraints = [models.UniqueConstraint(fields=["plan", "number"], name="paragraph_unique_number")]

    def __str__(self):
        return f"¶{self.number} {self.text[:30]}"


class PlanSection(models.Model):
    """A numbered part of the plan with a title, cited back to its paragraph (principles, goal areas, groups)."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="%(class)ss", verbose_name=_("plan"))
    number = models.PositiveSmallIntegerField(_("number"))
    title = models.CharField(_("title"), max_length=200)
    paragraph = models.ForeignKey(
        SourceParagraph, on_delete=models.PROTECT, related_name="+", verbose_name=_("source paragraph")
    )

    class Meta:
        abstract = True
        ordering = ["number"]
        constraints = [models.UniqueConstraint(fields=["plan", "number"], name="%(class)s_unique_number")]

    def __str__(self):
        return self.title


class Principle(PlanSection):
    text = models.TextField(_("text"))

    class Meta(PlanSection.Meta):
        verbose_name = _("basic principle")
        verbose_name_plural = _("basic principles")


class GoalArea(PlanSection):
    """One of the five areas of 主要目标, each with its headline targets."""

    text = models.TextField(_("text"))

    class Meta(PlanSection.Meta):
        verbose_name = _("goal area")
        verbose_name_plural = _("goal areas")


class PlanGroup(PlanSection):
    """A group the plan numbers (一)(二)…, shown the way the plan writes it."""

    class Meta(PlanSection.Meta):
        abstract = True

    def __str__(self):
        return f"{cn_ordinal(self.number)}{self.title}"


class TaskGroup(PlanGroup):
    """三、主要任务 (一)…(七)."""

    class Meta(PlanGroup.Meta):
        verbose_name = _("task group")
        verbose_name_plural = _("task groups")


class ItemStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    IN_PROGRESS = "in_progress", _("In progress")
    COMPLETED = "completed", _("Completed")
    DELAYED = "delayed", _("Delayed")
    ONGOING = "ongoing", _("Ongoing")


def revisions_in_order(subject, field: str | None = None) -> list:
    """A task's, key project's or target's plan revisions, oldest first, optionally of one field; reads the
    prefetch cache when a selector filled it."""
    revisions = sorted(subject.revisions.all(), key=lambda r: (r.effective_from, r.created_at, r.pk))
    return [r for r in revisions if field is None or r.field == field]


class ItemScope(models.TextChoices):
    """Whether an item still counts: the plan may later declare it not applicable or fold it into another."""

    ACTIVE = "active", _("Active")
    NOT_APPLICABLE = "not_applicable", _("Not applicable")
    MERGED = "merged", _("Merged into another task")


class PlanItem(models.Model):
    """What tasks, key projects and safeguards share: a text that ends in a responsibility parenthesis, and
    the status its lead unit keeps current. `version` grows with every status update, so an edit made on an
    older version is recognised as stale instead of overwriting."""

    title = models.CharField(_("title"), max_length=100)
    text = models.TextField(_("text"))
    paragraph = models.ForeignKey(
        SourceParagraph, on_delete=models.PROTECT, related_name="+", verbose_name=_("source paragraph")
    )
    deadline_text = models.CharField(_("deadline as written"), max_length=30, blank=True)
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    responsibility_text = models.TextField(_("responsibility as written"))
    responsibility_open_ended = models.BooleanField(
        _("list ends with 等部门"), default=False, help_text=_("The plan lists these units 'and other departments'.")
    )
    status = models.CharField(_("status"), max_length=20, choices=ItemStatus.choices, default=ItemStatus.NOT_STARTED)
    percent = models.PositiveSmallIntegerField(_("percent complete"), default=0, validators=[MaxValueValidator(100)])
    version = models.PositiveIntegerField(_("version"), default=1)
    status_updated_at = models.DateTimeField(_("status updated at"), null=True, blank=True)
    status_updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("status updated by"),
    )
    # When the portal began tracking the item: items without a deadline are judged by reports since then.
    tracked_since = models.DateField(_("tracked since"), default=timezone.localdate)
    # Set only by a plan revision (tasks.revisions), which records the reason and the original.
    scope = models.CharField(_("scope"), max_length=20, choices=ItemScope.choices, default=ItemScope.ACTIVE)
    history = HistoricalRecords(inherit=True)

    class Meta:
        abstract = True

    @property
    def is_ongoing(self) -> bool:
        return self.deadline_text == ONGOING_TEXT

    def ordered_responsibilities(self):
        """Responsibilities in plan order; uses the prefetch cache when a selector filled it."""
        return sorted(self.responsibilities.all(), key=lambda r: r.position)

    @property
    def is_active(self) -> bool:
        return self.scope == ItemScope.ACTIVE

    def plan_revisions(self, field: str | None = None) -> list:
        return revisions_in_order(self, field)

    @property
    def deadline_revision(self):
        """The latest deadline revision, or None: pages show "original → revised (reason, date)" from it."""
        revisions = self.plan_revisions("deadline")
        return revisions[-1] if revisions else None

    @property
    def original_deadline(self):
        revisions = self.plan_revisions("deadline")
        return revisions[0].old_date if revisions else self.deadline

    @property
    def lead_agency(self):
        lead = [r.agency for r in self.ordered_responsibilities() if r.role == ResponsibilityRole.LEAD]
        return lead[0] if lead else None


class PlanItemQuerySet(models.QuerySet):
    def for_agency(self, agency, role: str | None = None):
        """Items the agency answers for: named itself, or through a collective it belongs to (各州、市人民政府)."""
        named = models.Q(responsibilities__agency=agency) | models.Q(responsibilities__agency__members=agency)
        if role:
            # One filter() call, so the role applies to the same responsibility row as the agency.
            return self.filter(named, responsibilities__role=role).distinct()
        return self.filter(named).distinct()

    def ongoing(self):
        return self.filter(deadline_text=ONGOING_TEXT)

    def dated(self):
        return self.filter(deadline__isnull=False)


class Task(PlanItem):
    """A task at the finest level that carries its own responsibility parenthesis."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="tasks", verbose_name=_("plan"))
    code = models.CharField(_("code"), max_length=20, unique=True)
    group = models.ForeignKey(TaskGroup, on_delete=models.PROTECT, related_name="tasks", verbose_name=_("group"))
    item_number = models.PositiveSmallIntegerField(_("item number"))
    item_title = models.CharField(_("item title"), max_length=100)
    sub_number = models.PositiveSmallIntegerField(_("sub-heading number"), null=True, blank=True)
    order = models.PositiveIntegerField(_("order"))
    merged_into = models.ForeignKey("self", on_delete=models.PROTECT, null=True, blank=True, related_name="merged",
                                    verbose_name=_("merged into"))

    objects = PlanItemQuerySet.as_manager()

    class Meta:
        ordering = ["order"]
        verbose_name = _("task")
        verbose_name_plural = _("tasks")

    def __str__(self):
        return f"{self.code} {self.title}"


class TaskResponsibility(Responsibility):
    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="responsibilities", verbose_name=_("task"))

    class Meta(Responsibility.Meta):
        verbose_name = _("task responsibility")
        verbose_name_plural = _("task responsibilities")
        constraints = [models.UniqueConstraint(fields=["task", "position"], name="task_resp_unique_position")]


class EntryKind(models.TextChoices):
    STATUS_UPDATE = "status_update", _("Status update by the lead unit")
    CONTRIBUTION = "contribution", _("Progress entry")


class ProgressEntry(models.Model):
    """One dated entry in an item's timeline: a lead unit's status update, or a unit's contribution.
    Entries are never edited or deleted; the timeline is the record."""

    task = models.ForeignKey(
        Task, on_delete=models.CASCADE, null=True, blank=True, related_name="progress_entries", verbose_name=_("task")
    )
    key_project = models.ForeignKey(
        "projects.KeyProject", on_delete=models.CASCADE, null=True, blank=True, related_name="progress_entries",
        verbose_name=_("key project"),
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
        ordering = ["-created_at", "-pk"]
        verbose_name = _("progress entry")
        verbose_name_plural = _("progress entries")
        constraints = [exactly_one_of("task", "key_project", name="progress_entry_one_item")]

    def __str__(self):
        return f"{self.item} · {self.agency} · {self.created_at:%Y-%m-%d}"

    @property
    def item(self):
        return self.task if self.task_id else self.key_project


def evidence_upload_to(instance, filename):
    # A random name on disk: the original name is kept in the row, never trusted as a path.
    return f"evidence/{timezone.now():%Y/%m}/{instance.stored_name}"


class EvidenceFile(models.Model):
    """佐证材料: stored under MEDIA_ROOT, which no URL serves; downloads go through a permission check."""

    entry = models.ForeignKey(ProgressEntry, on_delete=models.CASCADE, related_name="evidence", null=True,
                              blank=True, verbose_name=_("progress entry"))
    report_item = models.ForeignKey("ReportItem", on_delete=models.CASCADE, related_name="evidence", null=True,
                                    blank=True, verbose_name=_("report item"))
    file = models.FileField(_("file"), upload_to=evidence_upload_to, max_length=300)
    stored_name = models.CharField(max_length=64, editable=False)
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveBigIntegerField(_("size"))
    sha256 = models.CharField(max_length=64)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("evidence file")
        verbose_name_plural = _("evidence files")
        constraints = [exactly_one_of("entry", "report_item", name="evidence_one_owner")]

    def __str__(self):
        return self.original_name


# ---------------------------------------------------------------------------------------------------------------
# Prefecture reporting: periods, one report per prefecture and period, its items and indicator lines.


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
    history = HistoricalRecords()

    class Meta:
        ordering = ["period", "prefecture__order"]
        verbose_name = _("prefecture report")
        verbose_name_plural = _("prefecture reports")
        constraints = [models.UniqueConstraint(fields=["period", "prefecture"], name="report_unique")]

    def __str__(self):
        return f"{self.prefecture} · {self.period}"

    @property
    def editable(self) -> bool:
        return self.status in (ReportStatus.DRAFT, ReportStatus.RETURNED)


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
        ordering = ["at", "pk"]
        verbose_name = _("report transition")
        verbose_name_plural = _("report transitions")

    def __str__(self):
        return f"{self.report}: {self.from_status} → {self.to_status}"


class ReportItem(models.Model):
    """The prefecture's part of one task or key project in one report."""

    report = models.ForeignKey(PrefectureReport, on_delete=models.CASCADE, related_name="items",
                               verbose_name=_("report"))
    task = models.ForeignKey(Task, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                             verbose_name=_("task"))
    key_project = models.ForeignKey("projects.KeyProject", on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="+", verbose_name=_("key project"))
    position = models.PositiveSmallIntegerField(_("position"))
    status = models.CharField(_("status"), max_length=20, choices=ItemStatus.choices, blank=True)
    narrative = models.TextField(_("progress"), blank=True)
    problems = models.TextField(_("problems"), blank=True)

    class Meta:
        ordering = ["position"]
        verbose_name = _("report item")
        verbose_name_plural = _("report items")
        constraints = [models.UniqueConstraint(fields=["report", "position"], name="report_item_unique")]

    def __str__(self):
        return f"{self.report} · {self.code}"

    @property
    def code(self) -> str:
        """The code staff use in the Excel sheet: a task code, or 工程N for key project N."""
        return self.task.code if self.task_id else f"工程{self.key_project.number}"

    @property
    def item(self):
        return self.task if self.task_id else self.key_project


class ReportIndicatorLine(models.Model):
    """The prefecture's value of an indicator measured per prefecture (a ratio carries its two parts)."""

    report = models.ForeignKey(PrefectureReport, on_delete=models.CASCADE, related_name="indicator_lines",
                               verbose_name=_("report"))
    indicator = models.ForeignKey("indicators.Indicator", on_delete=models.PROTECT, related_name="report_lines",
                                  verbose_name=_("indicator"))
    value = models.DecimalField(_("value"), max_digits=14, decimal_places=4, null=True, blank=True)
    numerator = models.DecimalField(_("numerator"), max_digits=16, decimal_places=4, null=True, blank=True)
    denominator = models.DecimalField(_("denominator"), max_digits=16, decimal_places=4, null=True, blank=True)
    source_note = models.CharField(_("source of the value"), max_length=300, blank=True)

    class Meta:
        ordering = ["indicator__code"]
        verbose_name = _("report indicator line")
        verbose_name_plural = _("report indicator lines")
        constraints = [models.UniqueConstraint(fields=["report", "indicator"], name="report_line_unique")]

    def __str__(self):
        return f"{self.report} · {self.indicator_id}"


# ---------------------------------------------------------------------------------------------------------------
# Plan revisions: a deadline, target or scope changed by decision, with the reason and the document.


class RevisionField(models.TextChoices):
    DEADLINE = "deadline", _("Deadline")
    TARGET_VALUE = "target_value", _("Target value")
    TARGET_YEAR = "target_year", _("Target year")
    SCOPE = "scope", _("Scope")


class PlanRevision(models.Model):
    """One change to the plan as adopted. The item keeps the value in force; the revision keeps the value it
    replaced, so the original is never lost and a light for any past date uses what was in force then."""

    task = models.ForeignKey(Task, on_delete=models.PROTECT, null=True, blank=True, related_name="revisions",
                             verbose_name=_("task"))
    key_project = models.ForeignKey("projects.KeyProject", on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="revisions", verbose_name=_("key project"))
    indicator = models.ForeignKey("indicators.Indicator", on_delete=models.PROTECT, null=True, blank=True,
                                  related_name="revisions", verbose_name=_("indicator"))
    field = models.CharField(_("what changed"), max_length=20, choices=RevisionField.choices)
    # Values as text in one form per field: ISO date, decimal, year, or an ItemScope value.
    old_value = models.CharField(_("original"), max_length=40, blank=True)
    new_value = models.CharField(_("revised"), max_length=40, blank=True)
    merged_into = models.ForeignKey(Task, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                                    verbose_name=_("merged into"))
    reason = models.TextField(_("reason"))
    reference = models.CharField(_("decision document"), max_length=200,
                                 help_text=_("Number and date of the decision, e.g. 云政办发〔2024〕12号 2024-03-01."))
    effective_from = models.DateField(_("in force from"), default=timezone.localdate)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                              verbose_name=_("by"))
    created_at = models.DateTimeField(_("recorded at"), default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-effective_from", "-created_at", "-pk"]
        verbose_name = _("plan revision")
        verbose_name_plural = _("plan revisions")
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(task__isnull=False, key_project__isnull=True, indicator__isnull=True)
                           | models.Q(task__isnull=True, key_project__isnull=False, indicator__isnull=True)
                           | models.Q(task__isnull=True, key_project__isnull=True, indicator__isnull=False)),
                name="revision_one_subject",
            ),
        ]

    def __str__(self):
        return f"{self.subject} · {self.get_field_display()} {self.old_value} → {self.new_value}"

    @property
    def subject(self):
        return self.task or self.key_project or self.indicator

    @property
    def subject_code(self) -> str:
        """The code staff use: a task code, 工程N for key project N, or the target's code."""
        if self.task_id:
            return self.task.code
        return f"工程{self.key_project.number}" if self.key_project_id else self.indicator.code

    @property
    def subject_name(self) -> str:
        return self.indicator.name if self.indicator_id else self.subject.title

    @property
    def subject_url(self) -> str:
        from django.urls import reverse

        if self.task_id:
            return reverse("tasks:detail", args=[self.task.code])
        if self.key_project_id:
            return reverse("projects:detail", args=[self.key_project.number])
        return reverse("indicators:detail", args=[self.indicator.code])

    def _shown(self, value: str) -> str:
        if self.field == RevisionField.SCOPE:
            return str(ItemScope(value).label) if value else ""
        if self.field == RevisionField.TARGET_VALUE and value:
            return f"{value}{self.indicator.unit}"
        return value

    @property
    def old_display(self) -> str:
        return self._shown(self.old_value)

    @property
    def new_display(self) -> str:
        shown = self._shown(self.new_value)
        return f"{shown} → {self.merged_into.code}" if self.merged_into_id else shown

    @property
    def old_date(self):
        return date.fromisoformat(self.old_value) if self.old_value else None

    @property
    def new_date(self):
        return date.fromisoformat(self.new_value) if self.new_value else None
