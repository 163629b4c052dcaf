from django.urls import path

from kausa.events import views_public, views_speed, views_staff

app_name = "events"
urlpatterns = [
    path("events/", views_public.event_list, name="public_list"),
    path("events/<int:pk>/", views_public.event_detail, name="public_detail"),
    path("events/<int:pk>/register/", views_public.register, name="register"),
    path("events/<int:pk>/event.ics", views_public.event_ical, name="event_ical"),
    path("events/office/<slug:slug>.ics", views_public.office_feed, name="office_feed"),
    path(
        "events/registration/<str:token>/",
        views_public.registration_detail,
        name="registration_detail",
    ),
    path(
        "events/registration/<str:token>/cancel/",
        views_public.registration_cancel,
        name="registration_cancel",
    ),
    path("staff/events/", views_staff.staff_list, name="staff_list"),
    path("staff/events/new/", views_staff.staff_create, name="staff_create"),
    path("staff/events/<int:pk>/", views_staff.staff_detail, name="staff_detail"),
    path("staff/events/<int:pk>/edit/", views_staff.staff_edit, name="staff_edit"),
    path(
        "staff/events/<int:pk>/translations/",
        views_staff.staff_translations,
        name="staff_translations",
    ),
    path("staff/events/<int:pk>/copy/", views_staff.staff_copy, name="staff_copy"),
    path("staff/events/<int:pk>/registrations.csv", views_staff.staff_export, name="staff_export"),
    path("staff/events/<int:pk>/check-in/", views_staff.staff_checkin, name="staff_checkin"),
    path(
        "staff/events/<int:pk>/registrations/<int:registration_pk>/cancel/",
        views_staff.staff_registration_cancel,
        name="staff_registration_cancel",
    ),
    path(
        "staff/events/check-in/<str:code>/",
        views_staff.staff_checkin_code,
        name="staff_checkin_code",
    ),
    path(
        "staff/events/<int:pk>/speed-dating/",
        views_speed.staff_speed_dating,
        name="staff_speed_dating",
    ),
    path(
        "events/<int:pk>/speed-dating/sign-up/",
        views_speed.speed_dating_apply,
        name="speed_apply",
    ),
    path("events/speed-dating/<str:token>/", views_speed.personal_schedule, name="speed_personal"),
    path(
        "events/speed-dating/<str:token>/interviews.pdf",
        views_speed.personal_schedule_pdf,
        name="speed_personal_pdf",
    ),
    path(
        "events/speed-dating/<str:token>/interviews.ics",
        views_speed.personal_schedule_ical,
        name="speed_personal_ical",
    ),
]
