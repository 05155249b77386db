from django.core.management.base import BaseCommand

from plan_loader.services import plan_load


class Command(BaseCommand):
    help = "Load the plan from fixtures/plan.json (upsert by code: a second run changes nothing)."

    def handle(self, *args, **options):
        report = plan_load()
        self.stdout.write(f"load_plan: {report.summary()}")
