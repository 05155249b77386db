from django.urls import path

from tasks import views

app_name = "tasks"


def urlpatterns_with(*, item_panels) -> list:
    """The task pages; a task's page gets the panels of the apps above (composed in yunnan_emergency/urls.py)."""
    return [
        path("", views.task_list_view, name="list"),
        path("<str:code>/", views.task_detail_view, {"panels": item_panels}, name="detail"),
    ]
