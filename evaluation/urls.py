from django.urls import path

from evaluation import views

app_name = "evaluation"

urlpatterns = [
    path("final/", views.final_view, name="final"),
    path("final/carry-over/", views.carry_over_view, name="carry_over"),
]
