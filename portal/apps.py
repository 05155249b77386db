from django.apps import AppConfig


class PortalConfig(AppConfig):
    """Kept for its migrations only: they created the snapshot, notification and export tables, whose models now
    live in snapshots/, notifications/ and workbook/ (a database migrated before the move migrates forward)."""

    name = "portal"
    verbose_name = "Portal (migrations only)"
