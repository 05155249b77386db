"""四、重点工程 (17 key projects in five groups) and 五、保障措施 (three safeguard measures)."""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from agencies.models import Responsibility
from tasks.models import Plan, PlanGroup, PlanItem, PlanItemQuerySet, cn_ordinal


class NumberedItem:
    """An item the plan numbers within its chapter; staff write its code as a prefix and the number (工程5, 保障1)
    in sheets and lists, beside task codes such as 3.1.2."""

    CODE_PREFIX = ""

    @property
    def code(self) -> str:
        return f"{self.CODE_PREFIX}{self.number}"

    @classmethod
    def is_code(cls, text: str) -> bool:
        return text.startswith(cls.CODE_PREFIX) and text[len(cls.CODE_PREFIX):].isdigit()


class KeyProjectGroup(PlanGroup):
    """四、重点工程 (一)…(五)."""

    class Meta(PlanGroup.Meta):
        verbose_name = _("key project group")
        verbose_name_plural = _("key project groups")


class KeyProject(NumberedItem, PlanItem):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="key_projects", verbose_name=_("plan"))
    number = models.PositiveSmallIntegerField(_("number"))
    group = models.ForeignKey(
        KeyProjectGroup, on_delete=models.PROTECT, related_name="key_projects", verbose_name=_("group")
    )

    objects = PlanItemQuerySet.as_manager()
    ITEM_KIND = "key_project"

    class Meta:
        ordering = ["number"]
        verbose_name = _("key project")
        verbose_name_plural = _("key projects")
        constraints = [models.UniqueConstraint(fields=["plan", "number"], name="kp_unique_number")]
        # The dashboard's most overdue (dashboard.selectors.most_overdue): the first rows of this index, not a read
        # of every item (bench/).
        indexes = [models.Index(fields=["deadline", "percent", "id"], name="key_project_overdue",
                                condition=models.Q(scope="active") & ~models.Q(status="completed"))]

    def __str__(self):
        return f"{self.number}. {self.title}"

    CODE_PREFIX = "工程"

    def get_absolute_url(self) -> str:
        return reverse("projects:detail", args=[self.number])


class KeyProjectResponsibility(Responsibility):
    key_project = models.ForeignKey(
        KeyProject, on_delete=models.CASCADE, related_name="responsibilities", verbose_name=_("key project")
    )

    class Meta(Responsibility.Meta):
        verbose_name = _("key project responsibility")
        verbose_name_plural = _("key project responsibilities")
        constraints = [models.UniqueConstraint(fields=["key_project", "position"], name="kp_resp_unique_position")]


class Safeguard(NumberedItem, PlanItem):
    """五、保障措施 (一)…(三): tracked like a key project (status, light, progress entries, reports)."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="safeguards", verbose_name=_("plan"))
    number = models.PositiveSmallIntegerField(_("number"))

    objects = PlanItemQuerySet.as_manager()
    ITEM_KIND = "safeguard"
    CODE_PREFIX = "保障"

    class Meta:
        ordering = ["number"]
        verbose_name = _("safeguard measure")
        verbose_name_plural = _("safeguard measures")
        constraints = [models.UniqueConstraint(fields=["plan", "number"], name="safeguard_unique_number")]

    def __str__(self):
        return f"{cn_ordinal(self.number)}{self.title}"

    def get_absolute_url(self) -> str:
        return reverse("safeguards:detail", args=[self.number])


class SafeguardResponsibility(Responsibility):
    safeguard = models.ForeignKey(
        Safeguard, on_delete=models.CASCADE, related_name="responsibilities", verbose_name=_("safeguard measure")
    )

    class Meta(Responsibility.Meta):
        verbose_name = _("safeguard responsibility")
        verbose_name_plural = _("safeguard responsibilities")
        constraints = [
            models.UniqueConstraint(fields=["safeguard", "position"], name="safeguard_resp_unique_position")
        ]
