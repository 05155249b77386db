import django_filters
from django.utils.translation import gettext_lazy as _

from agencies.models import Agency, AgencyKind
from audit.models import AuditEvent, AuditRecord, AuditResult
from core.filters import PortalFilterSet
from core.forms import IsoDateInput


class AgencyFilter(PortalFilterSet):
    kind = django_filters.ChoiceFilter(choices=AgencyKind.choices, label=_("Kind"))

    class Meta:
        model = Agency
        fields = ["kind"]


class AuditRecordFilter(PortalFilterSet):
    event = django_filters.ChoiceFilter(choices=AuditEvent.choices, label=_("Event"))
    result = django_filters.ChoiceFilter(choices=AuditResult.choices, label=_("Result"))
    username = django_filters.CharFilter(lookup_expr="icontains", label=_("User"))
    since = django_filters.DateFilter(field_name="at", lookup_expr="date__gte", label=_("From"),
                                      widget=IsoDateInput())
    until = django_filters.DateFilter(field_name="at", lookup_expr="date__lte", label=_("To"),
                                      widget=IsoDateInput())

    class Meta:
        model = AuditRecord
        fields = ["event", "result", "username", "since", "until"]
