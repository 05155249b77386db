from django.urls import path

from indicators import views

app_name = "indicators"


def urlpatterns_with(*, target_panels) -> list:
    """The target pages; a target's page gets the panels of the apps above (composed in yunnan_emergency/urls.py)."""
    return [
        path("", views.indicator_list_view, name="list"),
        path("<str:code>/", views.indicator_detail_view, {"panels": target_panels}, name="detail"),
        path("<str:code>/allocation/", views.allocation_view, name="allocation"),
    ]
