from rest_framework import viewsets

from agencies.api.serializers import AgencySerializer
from agencies.filters import AgencyFilter
from agencies.selectors import agency_list


class AgencyViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = AgencySerializer
    filterset_class = AgencyFilter

    def get_queryset(self):
        return agency_list()
