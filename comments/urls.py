from django.urls import path

from comments import views

app_name = "comments"
urlpatterns = [path("thread/", views.thread_view, name="thread")]
