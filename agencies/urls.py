from django.urls import path

from agencies import views

app_name = "agencies"
urlpatterns = [
    path("", views.agency_list_view, name="list"),
    path("tokens/", views.token_list_view, name="tokens"),
    path("audit/", views.audit_log_view, name="audit"),
]
