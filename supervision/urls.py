"""The supervision pages' addresses; yunnan_emergency/urls.py hands in what runs after a decision (the item's
light, an aggregate this app may not import)."""

from django.urls import path

from supervision import views


def urlpatterns_with(*, on_decided=None) -> list:
    return [path("extensions/", views.extension_list_view, {"on_decided": on_decided}, name="extensions"),
            path("assignments/", views.assignment_list_view, name="assignments")]
