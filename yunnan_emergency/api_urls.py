"""The API (/api/v1/): every resource, and the composition of the plan items' resources."""

from django.urls import path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

import indicators.api.views
import projects.api.views
import supervision.api.views
import tasks.api.views
from agencies.api.views import AgencyViewSet
from bulletins.api import BulletinViewSet
from dashboard import api as dashboard
from evaluation import api as evaluation
from notices.api import NoticeViewSet
from notifications.api import NotificationViewSet
from problems.api import ProblemViewSet
from recompute.services import item_light_refresh
from reporting.api.views import EvidenceViewSet, ItemProgressActions, PeriodViewSet, ReportViewSet
from revisions.api import ItemRevisionMixin, RevisedTargetFields, RevisionViewSet, TargetRevisionMixin, with_revisions
from supervision.api.views import (
    AssignmentViewSet,
    ItemAssignmentMixin,
    ItemExtensionMixin,
    ItemPartMixin,
)
from workbook.api import ExportViewSet


# The plan's items as the API serves them: each app's own resource, with what the apps above add to it (status
# and progress from reporting/, revisions from revisions/). Composed here, the one module that sees every app.
class TaskViewSet(ItemProgressActions, ItemAssignmentMixin, ItemPartMixin, ItemExtensionMixin, ItemRevisionMixin,
                  tasks.api.views.TaskViewSet):
    """Tasks: read them, PATCH the status (lead unit, with the version read), add progress entries, assign to
    units (交办), each unit's part (分解), extension requests, revise."""

    serializer_class = with_revisions(tasks.api.views.TaskViewSet.serializer_class)
    on_saved = staticmethod(item_light_refresh)


class KeyProjectViewSet(ItemProgressActions, ItemAssignmentMixin, ItemPartMixin, ItemExtensionMixin,
                        ItemRevisionMixin, projects.api.views.KeyProjectViewSet):
    """Key projects: read them, PATCH the status (lead unit, with the version read), add progress entries,
    revise."""

    serializer_class = with_revisions(projects.api.views.KeyProjectViewSet.serializer_class)
    on_saved = staticmethod(item_light_refresh)


class SafeguardViewSet(ItemProgressActions, ItemAssignmentMixin, ItemPartMixin, projects.api.views.SafeguardViewSet):
    """Safeguard measures: read them, PATCH the status (lead unit, with the version read), add progress entries."""

    on_saved = staticmethod(item_light_refresh)


class IndicatorViewSet(TargetRevisionMixin, indicators.api.views.IndicatorViewSet):
    """Targets: read them, record baselines and province-wide values, allocate among prefectures, revise."""

    serializer_class = with_revisions(indicators.api.views.IndicatorViewSet.serializer_class,
                                      fields=RevisedTargetFields)


class ExtensionRequestViewSet(supervision.api.views.ExtensionRequestViewSet):
    """Extension requests: list, approve (the item's light follows its new deadline at once), reject."""

    on_saved = staticmethod(item_light_refresh)


router = DefaultRouter()
router.register("tasks", TaskViewSet, basename="task")
router.register("key-projects", KeyProjectViewSet, basename="key-project")
router.register("safeguards", SafeguardViewSet, basename="safeguard")
router.register("indicators", IndicatorViewSet, basename="indicator")
router.register("agencies", AgencyViewSet, basename="agency")
router.register("reports", ReportViewSet, basename="report")
router.register("exports", ExportViewSet, basename="export")
router.register("periods", PeriodViewSet, basename="period")
router.register("notifications", NotificationViewSet, basename="notification")
router.register("notices", NoticeViewSet, basename="notice")
router.register("problems", ProblemViewSet, basename="problem")
router.register("bulletins", BulletinViewSet, basename="bulletin")
router.register("evidence", EvidenceViewSet, basename="evidence")
router.register("plan-changes", RevisionViewSet, basename="plan-change")
router.register("assignments", AssignmentViewSet, basename="assignment")
router.register("extension-requests", ExtensionRequestViewSet, basename="extension-request")

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    # The split view serves Swagger UI's start-up script as a file: the CSP allows no inline script.
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="schema"), name="swagger-ui"),
    path("redoc/", SpectacularRedocView.as_view(url_name="schema"), name="redoc"),
    path("dashboard/summary/", dashboard.summary_view, name="dashboard-summary"),
    path("scores/", evaluation.scores_view, name="scores"),
    path("evaluation/final/", evaluation.final_view, name="evaluation-final"),
    path("dashboard/groups/", dashboard.groups_view, name="dashboard-groups"),
    path("dashboard/units/", dashboard.units_view, name="dashboard-units"),
    path("dashboard/map/", dashboard.map_view, name="dashboard-map"),
    path("dashboard/trend/", dashboard.trend_view, name="dashboard-trend"),
    *router.urls,
]
