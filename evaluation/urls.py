from django.urls import path

from evaluation import views

app_name = "evaluation"

urlpatterns = [
    path("final/", views.final_view, name="final"),
    path("final/carry-over/", views.carry_over_view, name="carry_over"),
    path("scores/", views.scores_view, name="scores"),
    path("scores/<int:year>/scheme/", views.scheme_save_view, name="scheme_save"),
    path("scores/<int:year>/adjust/", views.adjust_view, name="adjust"),
    path("scores/<int:year>/close/", views.close_view, name="close"),
]
