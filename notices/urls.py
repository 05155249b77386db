from django.urls import path

from notices import views

app_name = "notices"
urlpatterns = [
    path("", views.notice_list_view, name="list"),
    path("<int:pk>/", views.notice_detail_view, name="detail"),
    path("<int:pk>/word/", views.notice_docx_view, name="docx"),
    path("<int:pk>/pdf/", views.notice_pdf_view, name="pdf"),
    path("attachments/<int:pk>/", views.notice_attachment_view, name="attachment"),
    path("contacts/", views.unit_contacts_view, name="contacts"),
]
