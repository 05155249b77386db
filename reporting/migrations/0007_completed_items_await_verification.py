"""Items marked completed before verification existed had no one's verification on record: they become completion
requests (待销号审核) for the provincial office to verify, so that nothing counts as done unverified."""

from django.db import migrations

MODELS = (("tasks", "Task"), ("projects", "KeyProject"), ("projects", "Safeguard"))


def completed_await_verification(apps, schema_editor):
    for app_label, name in MODELS:
        apps.get_model(app_label, name).objects.filter(status="completed").update(status="pending_verification")


class Migration(migrations.Migration):
    dependencies = [
        ("reporting", "0006_completion_verification"),
        ("tasks", "0008_completion_verification"),
        ("projects", "0005_completion_verification"),
    ]

    operations = [migrations.RunPython(completed_await_verification, migrations.RunPython.noop)]
