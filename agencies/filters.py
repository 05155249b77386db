import django_filters
from django.utils.translation import gettext_lazy as _

from agencies.models import Agency, AgencyKind
from core.filters import PortalFilterSet


class AgencyFilter(PortalFilterSet):
    kind = django_filters.ChoiceFilter(choices=AgencyKind.choices, label=_("Kind"))

    class Meta:
        model = Agency
        fields = ["kind"]
