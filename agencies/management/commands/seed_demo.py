import secrets

from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from agencies.services import demo_users_seed


class Command(BaseCommand):
    help = "Create or reset one demo account per kind of user and print their passwords (development only)."

    def handle(self, *args, **options):
        try:
            rows = demo_users_seed(password_factory=lambda: secrets.token_urlsafe(9))
        except PermissionDenied as refused:
            raise CommandError(str(refused)) from refused
        self.stdout.write(_("Demo accounts (passwords are new on every run):"))
        for username, password, agency, description in rows:
            self.stdout.write(f"  {username:<14} {password:<14} {agency:<16} {description}")
