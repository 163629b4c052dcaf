from django.urls import path

from kausa.events import views_checkin, views_public, views_setup, views_speed, views_staff

app_name = "events"
urlpatterns = [
    path("events/", views_public.event_list, name="public_list"),
    path("events/<id:pk>/", views_public.event_detail, name="public_detail"),
    path("events/<id:pk>/register/", views_public.register, name="register"),
    path("events/<id:pk>/event.ics", views_public.event_ical, name="event_ical"),
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
    path("staff/events/<id:pk>/", views_staff.staff_detail, name="staff_detail"),
    path("staff/events/<id:pk>/edit/", views_staff.staff_edit, name="staff_edit"),
    path(
        "staff/events/<id:pk>/translations/",
        views_staff.staff_translations,
        name="staff_translations",
    ),
    path("staff/events/<id:pk>/copy/", views_staff.staff_copy, name="staff_copy"),
    path("staff/events/<id:pk>/registrations.csv", views_staff.staff_export, name="staff_export"),
    path("staff/events/<id:pk>/check-in/", views_staff.staff_checkin, name="staff_checkin"),
    path(
        "staff/events/<id:pk>/check-in/door-list.json",
        views_checkin.door_list,
        name="staff_checkin_list",
    ),
    path(
        "staff/events/<id:pk>/check-in/sync/",
        views_checkin.sync,
        name="staff_checkin_sync",
    ),
    path(
        "staff/events/<id:pk>/registrations/<id:registration_pk>/cancel/",
        views_staff.staff_registration_cancel,
        name="staff_registration_cancel",
    ),
    path(
        "staff/events/<id:pk>/registrations/<id:registration_pk>/person/",
        views_staff.staff_registration_person,
        name="staff_registration_person",
    ),
    path(
        "staff/events/check-in/<str:code>/",
        views_staff.staff_checkin_code,
        name="staff_checkin_code",
    ),
    path(
        "staff/events/<id:pk>/speed-dating/",
        views_speed.staff_speed_dating,
        name="staff_speed_dating",
    ),
    path("staff/events/<id:pk>/groups/", views_setup.staff_groups, name="staff_groups"),
    path(
        "staff/events/<id:pk>/groups/<id:group_pk>/",
        views_setup.staff_group_edit,
        name="staff_group_edit",
    ),
    path(
        "staff/events/<id:pk>/groups/<id:group_pk>/delete/",
        views_setup.staff_group_delete,
        name="staff_group_delete",
    ),
    path("staff/events/<id:pk>/stations/", views_setup.staff_stations, name="staff_stations"),
    path(
        "staff/events/<id:pk>/stations/<id:station_pk>/",
        views_setup.staff_station_edit,
        name="staff_station_edit",
    ),
    path(
        "staff/events/<id:pk>/stations/<id:station_pk>/delete/",
        views_setup.staff_station_delete,
        name="staff_station_delete",
    ),
    path(
        "staff/events/<id:pk>/speed-dating/set-up/",
        views_setup.staff_speed_setup,
        name="staff_speed_setup",
    ),
    path(
        "staff/events/<id:pk>/speed-dating/slots/<id:slot_pk>/delete/",
        views_setup.staff_speed_slot_delete,
        name="staff_speed_slot_delete",
    ),
    path(
        "staff/events/<id:pk>/speed-dating/companies/<id:company_pk>/",
        views_setup.staff_speed_company_edit,
        name="staff_speed_company_edit",
    ),
    path(
        "staff/events/<id:pk>/speed-dating/companies/<id:company_pk>/delete/",
        views_setup.staff_speed_company_delete,
        name="staff_speed_company_delete",
    ),
    path(
        "staff/events/<id:pk>/speed-dating/applicants/<id:applicant_pk>/",
        views_setup.staff_speed_applicant_edit,
        name="staff_speed_applicant_edit",
    ),
    path(
        "events/<id:pk>/speed-dating/sign-up/",
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
    path(
        "staff/events/<id:pk>/cancel/",
        views_staff.staff_event_cancel,
        name="staff_event_cancel",
    ),
]
