from django.urls import path

from kausa.events import views
from kausa.events.checkin import views as checkin
from kausa.events.registration import views as registration
from kausa.events.setup import views as setup
from kausa.events.speed_dating import views as speed_dating

app_name = "events"
urlpatterns = [
    path("events/", views.event_list, name="public_list"),
    path("events/<id:pk>/", views.event_detail, name="public_detail"),
    path("events/<id:pk>/register/", registration.register, name="register"),
    path("events/<id:pk>/event.ics", views.event_ical, name="event_ical"),
    path("events/office/<slug:slug>.ics", views.office_feed, name="office_feed"),
    path(
        "events/registration/<str:token>/",
        registration.registration_detail,
        name="registration_detail",
    ),
    path(
        "events/registration/<str:token>/cancel/",
        registration.registration_cancel,
        name="registration_cancel",
    ),
    path("staff/events/", views.staff_list, name="staff_list"),
    path("staff/events/new/", views.staff_create, name="staff_create"),
    path("staff/events/<id:pk>/", views.staff_detail, name="staff_detail"),
    path("staff/events/<id:pk>/edit/", views.staff_edit, name="staff_edit"),
    path(
        "staff/events/<id:pk>/translations/",
        views.staff_translations,
        name="staff_translations",
    ),
    path("staff/events/<id:pk>/copy/", views.staff_copy, name="staff_copy"),
    path("staff/events/<id:pk>/registrations.csv", registration.staff_export, name="staff_export"),
    path("staff/events/<id:pk>/check-in/", checkin.staff_checkin, name="staff_checkin"),
    path(
        "staff/events/<id:pk>/check-in/door-list.json",
        checkin.door_list,
        name="staff_checkin_list",
    ),
    path(
        "staff/events/<id:pk>/check-in/sync/",
        checkin.sync,
        name="staff_checkin_sync",
    ),
    path(
        "staff/events/<id:pk>/registrations/<id:registration_pk>/cancel/",
        registration.staff_registration_cancel,
        name="staff_registration_cancel",
    ),
    path(
        "staff/events/<id:pk>/registrations/<id:registration_pk>/person/",
        registration.staff_registration_person,
        name="staff_registration_person",
    ),
    path(
        "staff/events/check-in/<str:code>/",
        checkin.staff_checkin_code,
        name="staff_checkin_code",
    ),
    path(
        "staff/events/<id:pk>/speed-dating/",
        speed_dating.staff_speed_dating,
        name="staff_speed_dating",
    ),
    path("staff/events/<id:pk>/groups/", setup.staff_groups, name="staff_groups"),
    path(
        "staff/events/<id:pk>/groups/<id:group_pk>/",
        setup.staff_group_edit,
        name="staff_group_edit",
    ),
    path(
        "staff/events/<id:pk>/groups/<id:group_pk>/delete/",
        setup.staff_group_delete,
        name="staff_group_delete",
    ),
    path("staff/events/<id:pk>/stations/", setup.staff_stations, name="staff_stations"),
    path(
        "staff/events/<id:pk>/stations/<id:station_pk>/",
        setup.staff_station_edit,
        name="staff_station_edit",
    ),
    path(
        "staff/events/<id:pk>/stations/<id:station_pk>/delete/",
        setup.staff_station_delete,
        name="staff_station_delete",
    ),
    path(
        "staff/events/<id:pk>/speed-dating/set-up/",
        speed_dating.staff_speed_setup,
        name="staff_speed_setup",
    ),
    path(
        "staff/events/<id:pk>/speed-dating/slots/<id:slot_pk>/delete/",
        speed_dating.staff_speed_slot_delete,
        name="staff_speed_slot_delete",
    ),
    path(
        "staff/events/<id:pk>/speed-dating/companies/<id:company_pk>/",
        speed_dating.staff_speed_company_edit,
        name="staff_speed_company_edit",
    ),
    path(
        "staff/events/<id:pk>/speed-dating/companies/<id:company_pk>/delete/",
        speed_dating.staff_speed_company_delete,
        name="staff_speed_company_delete",
    ),
    path(
        "staff/events/<id:pk>/speed-dating/applicants/<id:applicant_pk>/",
        speed_dating.staff_speed_applicant_edit,
        name="staff_speed_applicant_edit",
    ),
    path(
        "events/<id:pk>/speed-dating/sign-up/",
        speed_dating.speed_dating_apply,
        name="speed_apply",
    ),
    path("events/speed-dating/<str:token>/", speed_dating.personal_schedule, name="speed_personal"),
    path(
        "events/speed-dating/<str:token>/interviews.pdf",
        speed_dating.personal_schedule_pdf,
        name="speed_personal_pdf",
    ),
    path(
        "events/speed-dating/<str:token>/interviews.ics",
        speed_dating.personal_schedule_ical,
        name="speed_personal_ical",
    ),
    path(
        "staff/events/<id:pk>/cancel/",
        views.staff_event_cancel,
        name="staff_event_cancel",
    ),
]
