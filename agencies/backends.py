"""Sign-in by password (and the session's user on every request) refused to accounts that may not be used:
disabled ones, and demo accounts in production (agencies.permissions.account_usable)."""

from django.contrib.auth.backends import ModelBackend

from agencies.permissions import account_usable


class PortalModelBackend(ModelBackend):
    def user_can_authenticate(self, user):
        return account_usable(user)
