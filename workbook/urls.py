from django.urls import path

from workbook import views

app_name = "workbook"
urlpatterns = [
    path("", views.export_list_view, name="list"),
    path("<int:pk>/", views.export_progress_view, name="progress"),
    path("<int:pk>/download/", views.export_download_view, name="download"),
]
