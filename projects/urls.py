from django.urls import path

from projects import views

app_name = "projects"
urlpatterns = [
    path("", views.key_project_list_view, name="list"),
    path("<int:number>/", views.key_project_detail_view, name="detail"),
]
