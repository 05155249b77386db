"""Report values entered before they were audited get one history record each, holding the value as it stood
(change reason "baseline"): the first audited change of such a value then shows its real "before"."""

from django.db import migrations
from django.utils import timezone

BASELINE = "baseline"  # reporting.selectors.BASELINE: a migration keeps its own copy, as code may change later


def seed(apps, schema_editor):
    now = timezone.now()
    for name in ("ReportItem", "ReportIndicatorLine"):
        model = apps.get_model("reporting", name)
        history = apps.get_model("reporting", f"Historical{name}")
        recorded = set(history.objects.values_list("id", flat=True))
        fields = [field.attname for field in model._meta.concrete_fields]
        history.objects.bulk_create(
            [history(**{attname: getattr(row, attname) for attname in fields}, history_date=now, history_type="+",
                     history_change_reason=BASELINE) for row in model.objects.exclude(pk__in=recorded).iterator()],
            batch_size=1000)


def unseed(apps, schema_editor):
    for name in ("ReportItem", "ReportIndicatorLine"):
        apps.get_model("reporting", f"Historical{name}").objects.filter(history_change_reason=BASELINE).delete()


class Migration(migrations.Migration):

    dependencies = [("reporting", "0002_value_history")]

    operations = [migrations.RunPython(seed, unseed)]
