"""Check the audit log's hash chain: exit 0 when every record matches its content and follows the one before it;
otherwise name the first broken record (changed in the database, or following a removed one) and exit 1."""

from django.core.management.base import BaseCommand, CommandError

from audit.models import AuditRecord
from audit.services import audit_chain_broken


class Command(BaseCommand):
    help = "Verify the security audit log's hash chain and name the first broken record."

    def handle(self, *args, **options):
        broken = audit_chain_broken()
        if broken is not None:
            raise CommandError(f"audit chain broken at record #{broken.pk} ({broken}): its content or its place "
                               f"in the chain was changed in the database")
        self.stdout.write(f"audit chain intact: {AuditRecord.objects.count()} records")
