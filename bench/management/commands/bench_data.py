from django.core.management.base import BaseCommand, CommandError

from bench.data import bench_data


class Command(BaseCommand):
    help = ("Fill a fresh, migrated PostgreSQL database with benchmark data: the plan at scale N (N=1 Yunnan, "
            "N=100 national) with five years of reports, progress entries, indicator values and snapshots.")

    def add_arguments(self, parser):
        parser.add_argument("--scale", type=int, default=1)
        parser.add_argument("--months", type=int, default=60, help="months of entries, values and snapshots")
        parser.add_argument("--periods", type=int, default=20, help="quarterly reporting periods")

    def handle(self, *args, scale, months, periods, **options):
        try:
            report = bench_data(scale=scale, months=months, periods=periods)
        except (RuntimeError, ValueError) as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"bench_data: {report.summary()}")
