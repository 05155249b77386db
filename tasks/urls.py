from django.urls import path

from tasks import views

app_name = "tasks"


def urlpatterns_with(*, item_panels, decorate_rows=None) -> list:
    """The task pages; a task's page gets the panels of the apps above, the list what they add to its rows
    (decorate_rows(items, user=…)), composed in yunnan_emergency/urls.py."""
    return [
        path("", views.task_list_view, {"decorate_rows": decorate_rows}, name="list"),
        path("<str:code>/", views.task_detail_view, {"panels": item_panels}, name="detail"),
    ]
