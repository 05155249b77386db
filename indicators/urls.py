from django.urls import path

from indicators import views

app_name = "indicators"
urlpatterns = [
    path("", views.indicator_list_view, name="list"),
    path("<str:code>/", views.indicator_detail_view, name="detail"),
    path("<str:code>/allocation/", views.allocation_view, name="allocation"),
]
