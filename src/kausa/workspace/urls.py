from django.urls import path

from kausa.workspace import views

app_name = "workspace"
urlpatterns = [
    path("", views.landing, name="landing"),
    path("staff/", views.staff_home, name="staff_home"),
]
