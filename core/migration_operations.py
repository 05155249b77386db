"""Migration operations for models that move between apps and keep their tables (SeparateDatabaseAndState)."""

from django.db import migrations


def content_types_moved(*, from_app: str, to_app: str, models: list[str]) -> migrations.RunPython:
    """Relabel the moved models' content types, so their permissions, group grants and admin log entries follow
    them; without it Django would create new content types for the new app and orphan the old ones."""
    def relabel(source, target):
        def run(apps, schema_editor):
            content_type = apps.get_model("contenttypes", "ContentType")
            rows = content_type.objects.using(schema_editor.connection.alias)
            for model in models:
                if not rows.filter(app_label=target, model=model).exists():
                    rows.filter(app_label=source, model=model).update(app_label=target)
        return run

    return migrations.RunPython(relabel(from_app, to_app), relabel(to_app, from_app))
