from django.urls import path

from problems import views

app_name = "problems"
urlpatterns = [
    path("", views.problem_list_view, name="list"),
    path("<int:pk>/", views.problem_detail_view, name="detail"),
]
