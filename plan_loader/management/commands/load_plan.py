from django.core.management import call_command
from django.core.management.base import BaseCommand

from plan_loader.services import plan_load


class Command(BaseCommand):
    help = ("Load the plan from fixtures/plan.json (upsert by code: a second run changes nothing), then compute "
            "today's lights, so a fresh portal opens with them.")

    def handle(self, *args, **options):
        report = plan_load()
        self.stdout.write(f"load_plan: {report.summary()}")
        # By the command's name: the recomputation is another aggregate's, which this one does not import.
        call_command("recompute_snapshots", stdout=self.stdout)
