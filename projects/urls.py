from django.urls import path

from projects import views

app_name = "projects"


def urlpatterns_with(*, item_panels) -> list:
    """The key-project pages; a project's page gets the panels of the apps above (yunnan_emergency/urls.py)."""
    return [
        path("", views.key_project_list_view, name="list"),
        path("<int:number>/", views.key_project_detail_view, {"panels": item_panels}, name="detail"),
    ]


def safeguard_urlpatterns_with(*, item_panels) -> list:
    """A safeguard measure's page (the list is on the key projects' page), with the panels of the apps above."""
    return [path("<int:number>/", views.safeguard_detail_view, {"panels": item_panels}, name="detail")]
