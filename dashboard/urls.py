from django.urls import path

from dashboard import views

app_name = "dashboard"
urlpatterns = [
    path("", views.home, name="home"),
    path("plan/", views.plan_view, name="plan"),
    path("dashboard/", views.dashboard_view, name="dashboard"),
    path("dashboard/agency/<int:agency_id>/", views.dashboard_view, name="agency"),
]
