from django.urls import path

from portal import views

app_name = "portal"
urlpatterns = [
    path("", views.home, name="home"),
    path("notifications/", views.notifications_view, name="notifications"),
    path("dashboard/", views.dashboard_view, name="dashboard"),
    path("dashboard/agency/<int:agency_id>/", views.dashboard_view, name="dashboard-agency"),
    path("exports/", views.export_list_view, name="exports"),
    path("exports/<int:pk>/", views.export_progress_view, name="export-progress"),
    path("exports/<int:pk>/download/", views.export_download_view, name="export-download"),
]
