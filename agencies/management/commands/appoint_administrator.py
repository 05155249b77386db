from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from agencies.models import ADMINISTRATOR_ROLES, Role, User
from agencies.services import user_set_roles


class Command(BaseCommand):
    help = ("Give an account one of the three administrators' duties (三员分立) at install time, from the server: "
            "the security administrator grants every other role in the administration afterwards. The account "
            "keeps no other role.")

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("role", choices=[str(role) for role in ADMINISTRATOR_ROLES])

    def handle(self, *args, username, role, **options):
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(_("No account is named %(username)s.") % {"username": username})
        try:
            user_set_roles(user=user, roles=[role])
        except ValidationError as refused:
            raise CommandError(" ".join(refused.messages)) from refused
        self.stdout.write(_("%(username)s is now the %(role)s; other roles withdrawn.") % {
            "username": username, "role": Role(role).label})
