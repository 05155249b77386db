"""Lights over the API: a task's, key project's or target's resource carries the judgement its page shows (the
newest snapshot's light, its reason and the snapshot's date)."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.response import Response

from snapshots.selectors import attach_lights


class LightSerializer(serializers.Serializer):
    light = serializers.CharField(help_text="green, yellow, red or grey")
    reason = serializers.CharField()
    date = serializers.DateField(help_text="the snapshot the light comes from")


@extend_schema_field(LightSerializer(allow_null=True))
class LightField(serializers.Field):
    """The light a LightsAttached viewset set on the item; null before the first recomputation."""

    def __init__(self, **kwargs):
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, obj):
        light = getattr(obj, "light", None)
        return None if light is None else LightSerializer(light).data


class LightsAttached:
    """A viewset whose items carry their light from the newest snapshot, read once per page (set light_kind)."""

    light_kind: str

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)
        if page is not None:
            # ?as_of=: the lights of that day, the ones the list's light filter and sort read
            filterset_class = getattr(self, "filterset_class", None)
            filterset = filterset_class(self.request.query_params, request=self.request) if filterset_class else None
            as_of = getattr(filterset, "lights_as_of", None)
            attach_lights(items=page, kind=self.light_kind, user=self.request.user, as_of=as_of)
        return page

    def retrieve(self, request, *args, **kwargs):
        # Only where the item itself is shown: the detail actions (history, progress, revisions) need no light.
        item = self.get_object()
        attach_lights(items=[item], kind=self.light_kind, user=request.user)
        return Response(self.get_serializer(item).data)
