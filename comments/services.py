"""Writes of comments: a comment in a thread, which tells the other side (the office, or the unit's users) and
whoever it mentions with @username (if they may read the thread), in their digest."""

import re

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from agencies.models import User
from agencies.permissions import is_coordinator
from comments.models import COMMENT_MAX, Comment
from comments.permissions import can_read_target, can_read_thread, can_write_thread, thread_units
from notifications.services import coordinators, notify_on_commit
from supervision.services import unit_users

MENTION = re.compile(r"@([\w.+-]{1,150})")


def comment_add(*, target, unit, text: str, actor: User, url: str) -> Comment:
    """Write in the thread of `target` with `unit`; `url` is the page the thread is on (for the notices)."""
    if not (can_read_target(actor, target) and unit in thread_units(target)
            and can_read_thread(actor, target, unit) and can_write_thread(actor, target, unit)):
        raise PermissionDenied(_("You cannot write in this thread."))
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("Write the comment.")})
    if "\x00" in text:
        raise ValidationError({"text": _("The comment contains a character that cannot be stored.")})
    if len(text) > COMMENT_MAX:
        raise ValidationError({"text": _("At most %(n)d characters.") % {"n": COMMENT_MAX}})
    mentioned = [user for user in User.objects.filter(username__in=set(MENTION.findall(text)), is_active=True)
                 .select_related("agency").prefetch_related("role_assignments")
                 if user.pk != actor.pk and can_read_target(user, target) and can_read_thread(user, target, unit)]
    with transaction.atomic():
        comment = Comment.objects.create(target_type=ContentType.objects.get_for_model(target), target_id=target.pk,
                                         unit=unit, author=actor, text=text)
        comment.mentions.set(mentioned)
        other_side = unit_users(unit) if is_coordinator(actor) else coordinators()
        with translation.override(settings.LANGUAGE_CODE):
            title = _("%(author)s commented: %(target)s") % {"author": actor.get_full_name() or actor.username,
                                                             "target": str(target)[:80]}
            notify_on_commit([user for user in other_side if user.pk != actor.pk and user not in mentioned],
                             key=f"comment:{comment.pk}", title=title, body=text[:300], url=url)
            notify_on_commit(mentioned, key=f"comment:{comment.pk}", title=title, body=text[:300], url=url)
    return comment
