from django.urls import path

from kausa.privacy import views

app_name = "privacy"
urlpatterns = [
    path("staff/audit/", views.audit_log, name="audit_log"),
    path(
        "staff/privacy/people/<id:pk>/export.<str:fmt>", views.person_export, name="person_export"
    ),
    path("staff/privacy/people/<id:pk>/erase/", views.person_erase, name="person_erase"),
]
