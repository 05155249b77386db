from django.urls import path

from notifications import views

app_name = "notifications"
urlpatterns = [
    path("", views.notifications_view, name="list"),
    path("<int:pk>/open/", views.notification_open_view, name="open"),
    path("settings/", views.notification_settings_view, name="settings"),
]
