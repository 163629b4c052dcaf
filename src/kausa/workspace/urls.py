from django.urls import path

from kausa.workspace import views

app_name = "workspace"
urlpatterns = [
    path("", views.landing, name="landing"),
    path("staff/", views.staff_home, name="staff_home"),
    path("staff/people/<id:pk>/", views.person_detail, name="person_detail"),
    path("staff/companies/<id:pk>/", views.company_detail, name="company_detail"),
]
