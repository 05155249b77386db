from django.urls import path

from reporting import views

app_name = "reports"
urlpatterns = [
    path("", views.report_list_view, name="list"),
    path("<int:pk>/", views.report_detail_view, name="detail"),
    path("<int:pk>/excel/", views.report_excel_view, name="excel"),
    path("<int:pk>/autosave/", views.report_autosave_view, name="autosave"),
    path("periods/<int:pk>/urge/", views.period_urge_view, name="urge"),
]
