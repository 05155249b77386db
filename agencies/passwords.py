"""Password rules (等保2.0 身份鉴别): characters of several kinds, beside Django's length, similarity and
common-password validators (settings.AUTH_PASSWORD_VALIDATORS); and when a password must be changed before its
holder goes on (agencies.middleware.PasswordPolicyMiddleware)."""

from datetime import timedelta

from django.conf import settings
from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

KINDS = (str.islower, str.isupper, str.isdigit)


def character_kinds(password: str) -> int:
    """How many of lower case, upper case, digits and other characters the password uses."""
    kinds = sum(any(test(char) for char in password) for test in KINDS)
    return kinds + any(not any(test(char) for test in KINDS) for char in password)


class MinimumLengthValidator(password_validation.MinimumLengthValidator):
    """Django's, with its message in this project's catalogue (Django 5.2 changed the message, and its own
    Chinese catalogue has only the old one)."""

    def get_error_message(self):
        return ngettext("This password is too short: it needs at least %(min_length)d character.",
                        "This password is too short: it needs at least %(min_length)d characters.",
                        self.min_length) % {"min_length": self.min_length}


class CharacterKindsValidator:
    def __init__(self, min_kinds: int = 3):
        self.min_kinds = min_kinds

    def validate(self, password, user=None):
        if character_kinds(password) < self.min_kinds:
            raise ValidationError(self.get_help_text(), code="password_too_simple")

    def get_help_text(self):
        return ngettext(
            "Your password must mix at least %(kinds)d kind of character: lower case, upper case, digits, others.",
            "Your password must mix at least %(kinds)d kinds of characters: lower case, upper case, digits, others.",
            self.min_kinds) % {"kinds": self.min_kinds}


def password_change_reason(user) -> str | None:
    """Why the signed-in user must choose a new password now, or None: an administrator set the password (a new
    account, or a reset by the system administrator), or it is older than PASSWORD_MAX_AGE_DAYS."""
    if user.must_change_password:
        return _("An administrator set your password. Choose your own before you go on.")
    days = settings.PASSWORD_MAX_AGE_DAYS
    if days and user.password_changed_at < timezone.now() - timedelta(days=days):
        return _("Your password is more than %(days)d days old. Choose a new one before you go on.") % {"days": days}
    return None
