from django.urls import path

from kausa.workspace import views, views_privacy

app_name = "workspace"
urlpatterns = [
    path("", views.landing, name="landing"),
    path("staff/", views.staff_home, name="staff_home"),
    path("staff/people/<id:pk>/", views.person_detail, name="person_detail"),
    path("staff/companies/<id:pk>/", views.company_detail, name="company_detail"),
    path(
        "staff/privacy/people/<id:pk>/export.<str:fmt>",
        views_privacy.person_export,
        name="person_export",
    ),
    path("staff/privacy/people/<id:pk>/erase/", views_privacy.person_erase, name="person_erase"),
]
