from django.contrib import admin

from agencies.admin_site import ReadOnlyAdmin
from indicators.models import Allocation, AllocationShare, Indicator, IndicatorMention, IndicatorValue


class IndicatorMentionInline(admin.TabularInline):
    model = IndicatorMention
    extra = 0
    raw_id_fields = ["paragraph"]


@admin.register(Indicator)
class IndicatorAdmin(ReadOnlyAdmin):
    list_display = ["code", "name", "comparator", "target_value", "unit", "kind", "target_year"]
    list_filter = ["kind", "comparator", "goal_area", "target_year"]
    search_fields = ["code", "name"]
    list_select_related = ["task", "key_project", "goal_area"]
    raw_id_fields = ["task", "key_project", "paragraph"]
    inlines = [IndicatorMentionInline]


@admin.register(IndicatorMention)
class IndicatorMentionAdmin(ReadOnlyAdmin):
    list_display = ["indicator", "phrase", "paragraph"]
    list_select_related = ["indicator", "paragraph"]
    search_fields = ["phrase", "indicator__name"]
    raw_id_fields = ["indicator", "paragraph"]


@admin.register(IndicatorValue)
class IndicatorValueAdmin(ReadOnlyAdmin):
    list_display = ["indicator", "value", "as_of", "source", "entered_by"]
    list_select_related = ["indicator", "entered_by"]


class AllocationShareInline(admin.TabularInline):
    model = AllocationShare
    extra = 0


@admin.register(Allocation)
class AllocationAdmin(ReadOnlyAdmin):
    """Allocations are saved through their page, which checks that the shares add up."""

    list_display = ["indicator", "is_partial", "updated_by", "updated_at"]
    list_select_related = ["indicator", "updated_by"]
    inlines = [AllocationShareInline]


@admin.register(AllocationShare)
class AllocationShareAdmin(ReadOnlyAdmin):
    list_display = ["allocation", "prefecture", "target_value"]
    list_select_related = ["allocation__indicator", "prefecture"]
