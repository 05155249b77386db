from django.urls import path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from agencies.api.views import AgencyViewSet
from indicators.api.views import IndicatorViewSet
from portal.api import dashboard
from portal.api.exports import ExportViewSet
from portal.api.notifications import NotificationViewSet
from projects.api.views import KeyProjectViewSet
from tasks.api.views import EvidenceViewSet, TaskViewSet
from tasks.reporting.api.views import PeriodViewSet, ReportViewSet
from tasks.revisions.api import RevisionViewSet

router = DefaultRouter()
router.register("tasks", TaskViewSet, basename="task")
router.register("key-projects", KeyProjectViewSet, basename="key-project")
router.register("indicators", IndicatorViewSet, basename="indicator")
router.register("agencies", AgencyViewSet, basename="agency")
router.register("reports", ReportViewSet, basename="report")
router.register("exports", ExportViewSet, basename="export")
router.register("periods", PeriodViewSet, basename="period")
router.register("notifications", NotificationViewSet, basename="notification")
router.register("evidence", EvidenceViewSet, basename="evidence")
router.register("plan-changes", RevisionViewSet, basename="plan-change")

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    # The split view serves Swagger UI's start-up script as a file: the CSP allows no inline script.
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="schema"), name="swagger-ui"),
    path("redoc/", SpectacularRedocView.as_view(url_name="schema"), name="redoc"),
    path("dashboard/summary/", dashboard.summary_view, name="dashboard-summary"),
    path("dashboard/groups/", dashboard.groups_view, name="dashboard-groups"),
    path("dashboard/units/", dashboard.units_view, name="dashboard-units"),
    path("dashboard/map/", dashboard.map_view, name="dashboard-map"),
    path("dashboard/trend/", dashboard.trend_view, name="dashboard-trend"),
    *router.urls,
]
