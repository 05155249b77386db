from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from portal import health

admin.site.site_header = _("Yunnan Emergency Plan Tracking Portal")
admin.site.site_title = _("Plan tracking administration")
admin.site.index_title = _("Administration")

urlpatterns = [
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    path("admin/", admin.site.urls),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/password/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path("accounts/password/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/", include("portal.api.urls")),
    path("tasks/", include("tasks.urls")),
    path("key-projects/", include("projects.urls")),
    path("indicators/", include("indicators.urls")),
    path("agencies/", include("agencies.urls")),
    path("reports/", include("tasks.reporting.urls")),
    path("plan-changes/", include("tasks.revisions.urls")),
    path("", include("portal.urls")),
]

handler404 = "portal.views.not_found"
