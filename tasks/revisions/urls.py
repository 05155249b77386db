from django.urls import path

from tasks.revisions import views

app_name = "revisions"
urlpatterns = [
    path("", views.plan_changes_view, name="list"),
]
