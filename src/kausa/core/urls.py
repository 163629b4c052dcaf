from django.urls import path

from kausa.core import views

app_name = "core"
urlpatterns = [
    path("", views.landing, name="landing"),
    path("staff/", views.staff_home, name="staff_home"),
]
