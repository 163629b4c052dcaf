from django.urls import path

from kausa.privacy import views

app_name = "privacy"
urlpatterns = [
    path("staff/audit/", views.audit_log, name="audit_log"),
]
