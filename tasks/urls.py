from django.urls import path

from tasks import views

app_name = "tasks"
urlpatterns = [
    path("", views.task_list_view, name="list"),
    path("evidence/<int:pk>/", views.evidence_download_view, name="evidence"),
    path("<str:code>/", views.task_detail_view, name="detail"),
]
