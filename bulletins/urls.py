from django.urls import path

from bulletins import views

app_name = "bulletins"

urlpatterns = [
    path("", views.bulletin_list_view, name="list"),
    path("<int:pk>/", views.bulletin_detail_view, name="detail"),
    path("<int:pk>/edit/", views.bulletin_edit_view, name="edit"),
    path("<int:pk>/rebuild/", views.bulletin_rebuild_view, name="rebuild"),
    path("<int:pk>/build/", views.bulletin_build_view, name="build"),
    path("<int:pk>/<str:action>/", views.bulletin_state_view, name="state"),
    path("<int:pk>/file/<str:kind>/", views.bulletin_file_view, name="file"),
]
