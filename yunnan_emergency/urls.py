"""The site's URLs, and where pages and API resources are composed from the apps: a task's page is the tasks
app's, with the panels of reporting/ and revisions/ handed in here, since only this module sees every app."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

import indicators.urls
import projects.urls
import supervision.urls
import tasks.urls
from agencies import two_factor
from agencies.forms import ResetPasswordForm
from agencies.views import PasswordChangeView
from core import health
from recompute.services import item_light_refresh
from reporting.views import CompletionPanel, ItemProgressPanel, PrefectureValuesPanel, evidence_download_view
from revisions.views import RevisionPanel
from supervision.selectors import attach_parts_breakdown
from supervision.views import AssignmentPanel, ExtensionPanel
from tasks.views import DesignationPanel

admin.site.site_header = _("Yunnan Emergency Plan Tracking Portal")
admin.site.site_title = _("Plan tracking administration")
admin.site.index_title = _("Administration")

# What a task's or key project's page shows beside the item itself, in page order.
PROGRESS_PANEL = ItemProgressPanel(on_saved=item_light_refresh)
COMPLETION_PANEL = CompletionPanel(on_saved=item_light_refresh)
ASSIGNMENT_PANEL = AssignmentPanel(on_saved=item_light_refresh)
ITEM_PANELS = (DesignationPanel(), ASSIGNMENT_PANEL, PROGRESS_PANEL, COMPLETION_PANEL, ExtensionPanel(),
               RevisionPanel("revise_deadline", "revise_scope"))
TARGET_PANELS = (PrefectureValuesPanel(), RevisionPanel("revise_target"))
# A safeguard measure has no deadline or target to revise.
SAFEGUARD_PANELS = (DesignationPanel(), ASSIGNMENT_PANEL, PROGRESS_PANEL, COMPLETION_PANEL)

urlpatterns = [
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    path("admin/", admin.site.urls),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/password/", PasswordChangeView.as_view(), name="password_change"),
    # Self-service reset by e-mail: the same answer whether or not the address has an account, and a link that
    # works once (it is signed over the password it replaces) and expires (PASSWORD_RESET_TIMEOUT).
    path("accounts/password/reset/", auth_views.PasswordResetView.as_view(), name="password_reset"),
    path("accounts/password/reset/sent/", auth_views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path("accounts/password/reset/<uidb64>/<token>/",
         auth_views.PasswordResetConfirmView.as_view(form_class=ResetPasswordForm),
         name="password_reset_confirm"),
    path("accounts/password/reset/done/", auth_views.PasswordResetCompleteView.as_view(),
         name="password_reset_complete"),
    path("accounts/two-factor/", two_factor.verify_view, name="two_factor_verify"),
    path("accounts/two-factor/enrol/", two_factor.enrol_view, name="two_factor_enrol"),
    path("accounts/password/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/", include("yunnan_emergency.api_urls")),
    # Evidence of progress entries and report items; the address predates reporting/ and stays.
    path("tasks/evidence/<int:pk>/", evidence_download_view, name="evidence"),
    path("tasks/", include((tasks.urls.urlpatterns_with(item_panels=ITEM_PANELS, decorate_rows=attach_parts_breakdown),
                            "tasks"))),
    path("key-projects/", include((projects.urls.urlpatterns_with(item_panels=ITEM_PANELS,
                                                                  decorate_rows=attach_parts_breakdown),
                                   "projects"))),
    path("safeguards/", include((projects.urls.safeguard_urlpatterns_with(item_panels=SAFEGUARD_PANELS),
                                 "safeguards"))),
    path("indicators/", include((indicators.urls.urlpatterns_with(target_panels=TARGET_PANELS), "indicators"))),
    path("agencies/", include("agencies.urls")),
    path("reports/", include("reporting.urls")),
    path("plan-changes/", include("revisions.urls")),
    path("supervision/", include((supervision.urls.urlpatterns_with(on_decided=item_light_refresh), "supervision"))),
    path("notices/", include("notices.urls")),
    path("evaluation/", include("evaluation.urls")),
    path("bulletins/", include("bulletins.urls")),
    path("problems/", include("problems.urls")),
    path("comments/", include("comments.urls")),
    path("notifications/", include("notifications.urls")),
    path("exports/", include("workbook.urls")),
    path("", include("dashboard.urls")),
]

handler404 = "core.views.not_found"
