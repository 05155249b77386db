"""Reports still open when safeguards began to be tracked (draft or returned) get the safeguard items their
prefecture answers for, after their other items, as period_open gives them to new reports."""

from django.db import migrations
from django.db.models import Max, Q

OPEN = ("draft", "returned")


def add_safeguard_items(apps, schema_editor):
    PrefectureReport = apps.get_model("reporting", "PrefectureReport")
    ReportItem = apps.get_model("reporting", "ReportItem")
    Safeguard = apps.get_model("projects", "Safeguard")
    for report in PrefectureReport.objects.filter(status__in=OPEN):
        items = ReportItem.objects.filter(report=report)
        if items.filter(safeguard__isnull=False).exists():
            continue
        answered = Safeguard.objects.filter(scope="active").filter(
            Q(responsibilities__agency_id=report.prefecture_id)
            | Q(responsibilities__agency__members__id=report.prefecture_id)).distinct().order_by("number")
        last = items.aggregate(last=Max("position"))["last"] or 0
        ReportItem.objects.bulk_create([ReportItem(report=report, safeguard=safeguard, position=last + n)
                                        for n, safeguard in enumerate(answered, start=1)])


class Migration(migrations.Migration):
    dependencies = [
        ("reporting", "0004_safeguards_tracked"),
        ("projects", "0004_historicalkeyproject_scope_historicalsafeguard_scope_and_more"),
    ]

    operations = [migrations.RunPython(add_safeguard_items, migrations.RunPython.noop)]
