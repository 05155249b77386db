from django.core.management.base import BaseCommand

from recompute.services import snapshots_recompute


class Command(BaseCommand):
    help = "Recompute every light and roll-up now and store today's snapshot (what the nightly job does)."

    def handle(self, *args, **options):
        self.stdout.write(f"recompute_snapshots: {snapshots_recompute().summary()}")
