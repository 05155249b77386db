from django.urls import path

from projects import views

app_name = "projects"


def urlpatterns_with(*, item_panels, decorate_rows=None) -> list:
    """The key-project pages; a project's page gets the panels of the apps above, the list what they add to its
    rows (decorate_rows(items, user=…)), composed in yunnan_emergency/urls.py."""
    return [
        path("", views.key_project_list_view, {"decorate_rows": decorate_rows}, name="list"),
        path("<int:number>/", views.key_project_detail_view, {"panels": item_panels}, name="detail"),
    ]


def safeguard_urlpatterns_with(*, item_panels) -> list:
    """A safeguard measure's page (the list is on the key projects' page), with the panels of the apps above."""
    return [path("<int:number>/", views.safeguard_detail_view, {"panels": item_panels}, name="detail")]
