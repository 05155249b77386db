"""A comment in a thread: about one target (an item, a report's item, a problem), with one unit (the thread is
between the provincial office and that unit)."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

COMMENT_MAX = 2000


class Comment(models.Model):
    target_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+",
                                    verbose_name=_("kind of target"))
    target_id = models.PositiveBigIntegerField(_("target"))
    target = GenericForeignKey("target_type", "target_id")
    unit = models.ForeignKey("agencies.Agency", on_delete=models.PROTECT, related_name="+",
                             verbose_name=_("thread with unit"))
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                               verbose_name=_("author"))
    text = models.TextField(_("comment"), max_length=COMMENT_MAX)
    mentions = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="+",
                                      verbose_name=_("mentioned"))
    created_at = models.DateTimeField(_("time"), default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        indexes = [models.Index(fields=["target_type", "target_id", "unit"])]

    def __str__(self):
        return self.text[:40]
