"""The plan's structure: the plan, its source paragraphs, principles, goals, task groups and tasks."""


from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey, GenericRelation
from django.contrib.contenttypes.models import ContentType
from django.core.validators import MaxValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from agencies.models import Responsibility, ResponsibilityRole

ONGOING_TEXT = "持续推进"


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
    # 办结申请: a unit reported the item completed; it is not done until the provincial office verifies it (销号).
    PENDING_VERIFICATION = "pending_verification", _("Awaiting verification (待销号审核)")


# What a unit reports: "completed" becomes PENDING_VERIFICATION until verified; nobody reports that one directly.
REPORTED_STATUSES = [(value, label) for value, label in ItemStatus.choices if value != ItemStatus.PENDING_VERIFICATION]

# A completion awaiting the provincial office's verification, or verified: it changes only by the office's decision.
DECIDED_BY_THE_OFFICE = (ItemStatus.PENDING_VERIFICATION, ItemStatus.COMPLETED)

# The statuses as written in Chinese workbooks and templates, whatever the page's language.
STATUS_LABELS_ZH = {ItemStatus.NOT_STARTED: "未启动", ItemStatus.IN_PROGRESS: "推进中", ItemStatus.COMPLETED: "已完成",
                    ItemStatus.DELAYED: "滞后", ItemStatus.ONGOING: "持续推进中",
                    ItemStatus.PENDING_VERIFICATION: "待销号审核"}


class ItemScope(models.TextChoices):
    """Whether an item still counts: the plan may later declare it not applicable or fold it into another."""

    ACTIVE = "active", _("Active")
    NOT_APPLICABLE = "not_applicable", _("Not applicable")
    MERGED = "merged", _("Merged into another task")


class AboutPlanItem(models.Model):
    """A row about one plan item of any kind (a task, key project or safeguard measure), by a generic link: the
    kinds live in different apps, and what is said about them is the same."""

    item_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+",
                                  verbose_name=_("kind of item"))
    item_id = models.PositiveBigIntegerField(_("item"))
    item = GenericForeignKey("item_type", "item_id")

    class Meta:
        abstract = True


class DesignatedUnit(AboutPlanItem):
    """A provincial department a coordinator names to act on one item for 省级有关部门 ("the relevant provincial
    departments", a collective with no members of its own), as its lead or as a participant, with the reason. The
    plan's wording stays as written; this says who actually answers for the item. Every change is kept."""

    agency = models.ForeignKey("agencies.Agency", on_delete=models.PROTECT, related_name="designations",
                               verbose_name=_("agency"))
    role = models.CharField(_("role"), max_length=20, choices=ResponsibilityRole.choices)
    reason = models.TextField(_("reason"))
    # Set just before the row is removed, so the history keeps why (the removal's record carries it).
    withdrawn_reason = models.TextField(_("why withdrawn"), blank=True)
    designated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                      verbose_name=_("named by"))
    designated_at = models.DateTimeField(_("named at"), default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        ordering = ["role", "designated_at", "pk"]  # the lead first
        verbose_name = _("designated unit")
        verbose_name_plural = _("designated units")
        constraints = [models.UniqueConstraint(fields=["item_type", "item_id", "agency"],
                                               name="designation_unique_agency")]

    def __str__(self):
        return f"{self.agency} ({self.get_role_display()})"


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
    # Set only by a plan revision (revisions/), which records the reason and the original.
    scope = models.CharField(_("scope"), max_length=20, choices=ItemScope.choices, default=ItemScope.ACTIVE)
    designations = GenericRelation(DesignatedUnit, content_type_field="item_type", object_id_field="item_id")
    history = HistoricalRecords(inherit=True)

    # Each kind of item names itself once: the field that rows about it (progress entries, report items) link it
    # by, and its kind in the light snapshots (snapshots.SubjectKind has the same values).
    ITEM_KIND = ""

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

    @property
    def lead_agency(self):
        lead = [r.agency for r in self.ordered_responsibilities() if r.role == ResponsibilityRole.LEAD]
        return lead[0] if lead else None

    def designated(self, role: str | None = None) -> list:
        """The departments named to act for 省级有关部门 on this item (of one role); uses the prefetch cache."""
        return [d for d in self.designations.all() if role is None or d.role == role]

    @property
    def designated_leads(self) -> list:
        return self.designated(ResponsibilityRole.LEAD)


class PlanItemQuerySet(models.QuerySet):
    def for_agency(self, agency, role: str | None = None):
        """Items the agency answers for: named itself, through a collective it belongs to (各州、市人民政府), or
        named by a coordinator to act for 省级有关部门."""
        named = models.Q(responsibilities__agency=agency) | models.Q(responsibilities__agency__members=agency)
        designated = models.Q(designations__agency=agency)  # named by a coordinator to act for 省级有关部门
        if role:
            # One filter() call, so the role applies to the same responsibility (or designation) row as the agency.
            named &= models.Q(responsibilities__role=role)
            designated &= models.Q(designations__role=role)
        return self.filter(named | designated).distinct()

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
    ITEM_KIND = "task"

    class Meta:
        ordering = ["order"]
        verbose_name = _("task")
        verbose_name_plural = _("tasks")
        # The dashboard's most overdue (dashboard.selectors.most_overdue): the first rows of this index, not a read
        # of every item (bench/).
        indexes = [models.Index(fields=["deadline", "percent", "id"], name="task_overdue",
                                condition=models.Q(scope="active") & ~models.Q(status="completed"))]

    def __str__(self):
        return f"{self.code} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("tasks:detail", args=[self.code])


class TaskResponsibility(Responsibility):
    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="responsibilities", verbose_name=_("task"))

    class Meta(Responsibility.Meta):
        verbose_name = _("task responsibility")
        verbose_name_plural = _("task responsibilities")
        constraints = [models.UniqueConstraint(fields=["task", "position"], name="task_resp_unique_position")]
