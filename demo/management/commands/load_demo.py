from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError

from demo.services import demo_history_load


class Command(BaseCommand):
    help = ("Load the demo history (2021 to today) once, for trying the portal; refused with production settings. "
            "`make run DEMO=0` starts without it.")

    def handle(self, *args, **options):
        try:
            report = demo_history_load()
        except PermissionDenied as refused:
            raise CommandError(str(refused)) from refused
        if report is None:
            self.stdout.write("demo: the database has reporting periods already; nothing loaded")
        else:
            self.stdout.write(f"demo: this is DEMO DATA, a made-up history of the plan ({report.summary()}). "
                              "Start without it: `make run DEMO=0` on a new database (rm var/portal.sqlite3).")
