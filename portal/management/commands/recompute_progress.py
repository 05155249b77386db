from django.core.management.base import BaseCommand

from portal.progress import progress_recompute


class Command(BaseCommand):
    help = "Recompute every light and roll-up now and store today's snapshot (what the nightly job does)."

    def handle(self, *args, **options):
        self.stdout.write(f"recompute_progress: {progress_recompute().summary()}")
