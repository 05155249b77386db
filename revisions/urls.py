from django.urls import path

from revisions import views

app_name = "revisions"
urlpatterns = [
    path("", views.plan_changes_view, name="list"),
]
