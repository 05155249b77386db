from rest_framework import viewsets

from indicators.api.serializers import IndicatorSerializer
from indicators.filters import IndicatorFilter
from indicators.selectors import indicator_list


class IndicatorViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = IndicatorSerializer
    filterset_class = IndicatorFilter
    lookup_field = "code"

    def get_queryset(self):
        return indicator_list()
