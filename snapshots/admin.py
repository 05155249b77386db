from django.contrib import admin

from agencies.admin_site import ReadOnlyAdmin
from snapshots.models import LightSnapshot, RollupSnapshot, SnapshotStamp


@admin.register(LightSnapshot)
class LightSnapshotAdmin(ReadOnlyAdmin):
    list_display = ["date", "kind", "subject_id", "light", "reason"]
    list_filter = ["date", "kind", "light"]


@admin.register(RollupSnapshot)
class RollupSnapshotAdmin(ReadOnlyAdmin):
    list_display = ["date", "scope", "scope_id", "green", "yellow", "red", "grey", "progress"]
    list_filter = ["date", "scope"]


@admin.register(SnapshotStamp)
class SnapshotStampAdmin(ReadOnlyAdmin):
    list_display = ["token"]
