from django.urls import path

from kausa.workspace import (
    views,
    views_duplicates,
    views_edit,
    views_office,
    views_privacy,
    views_public,
)

app_name = "workspace"
urlpatterns = [
    path("", views.landing, name="landing"),
    path("offices/", views_public.office_list, name="office_list"),
    path("offices/<slug:slug>/", views_public.office_detail, name="office_detail"),
    path("offices/<slug:slug>/call-back/", views_public.office_call_back, name="office_call_back"),
    path("staff/offices/<slug:slug>/contact/", views_office.office_contact, name="office_contact"),
    path("imprint/", views_public.imprint, name="imprint"),
    path("privacy/", views_public.privacy_notice, name="privacy_notice"),
    path("accessibility/", views_public.accessibility_statement, name="accessibility"),
    path("staff/", views.staff_home, name="staff_home"),
    path("staff/people/<id:pk>/", views.person_detail, name="person_detail"),
    path("staff/people/<id:pk>/edit/", views_edit.person_edit, name="person_edit"),
    path("staff/companies/<id:pk>/", views.company_detail, name="company_detail"),
    path("staff/companies/<id:pk>/edit/", views_edit.company_edit, name="company_edit"),
    path(
        "staff/privacy/people/<id:pk>/export.<str:fmt>",
        views_privacy.person_export,
        name="person_export",
    ),
    path("staff/privacy/people/<id:pk>/erase/", views_privacy.person_erase, name="person_erase"),
    path("staff/duplicates/", views_duplicates.duplicate_list, name="duplicates"),
    path(
        "staff/duplicates/people/<id:pk>/dismiss/",
        views_duplicates.duplicate_dismiss,
        name="duplicate_dismiss",
    ),
    path(
        "staff/duplicates/people/<id:pk>/merge/",
        views_duplicates.person_merge,
        name="person_merge",
    ),
    path(
        "staff/duplicates/companies/<id:pk>/dismiss/",
        views_duplicates.company_duplicate_dismiss,
        name="company_duplicate_dismiss",
    ),
    path(
        "staff/duplicates/companies/<id:pk>/merge/",
        views_duplicates.company_merge,
        name="company_merge",
    ),
]
