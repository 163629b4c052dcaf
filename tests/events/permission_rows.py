"""Permission rows of the events app (see tests/test_permissions.py)."""

from __future__ import annotations

from tests.events.factories import (
    EventFactory,
    EventGroupFactory,
    RegistrationFactory,
    StationFactory,
    speed_dating_event,
)

PERSONAS = ["anonymous", "advisor", "other_office_advisor", "coordinator", "partner", "org_admin"]
PUBLIC = dict.fromkeys(PERSONAS, 200)
STAFF = {
    "anonymous": 302,
    "advisor": 200,
    "other_office_advisor": 200,
    "coordinator": 200,
    "partner": 200,
    "org_admin": 200,
}
ADVISOR_ANY_OFFICE = STAFF | {"coordinator": 403, "partner": 403}
ADVISOR_OWN_OFFICE = ADVISOR_ANY_OFFICE | {"other_office_advisor": 404}
ADVISOR_OWN_POST = ADVISOR_OWN_OFFICE | {"advisor": 302, "org_admin": 302}
ADVISOR_OWN_POST_400 = ADVISOR_OWN_OFFICE | {"advisor": 400, "org_admin": 400}

ROWS: dict[str, dict[str, int]] = {
    "events:public_list": PUBLIC,
    "events:public_detail": PUBLIC,
    "events:register": PUBLIC,
    "events:event_ical": PUBLIC,
    "events:office_feed": PUBLIC,
    "events:registration_detail": PUBLIC,
    "events:registration_cancel": dict.fromkeys(PERSONAS, 303),
    "events:staff_list": STAFF,
    "events:staff_create": ADVISOR_ANY_OFFICE,
    "events:staff_detail": ADVISOR_OWN_OFFICE,
    "events:staff_edit": ADVISOR_OWN_OFFICE,
    "events:staff_translations": ADVISOR_OWN_OFFICE,
    "events:staff_copy": ADVISOR_OWN_POST,
    "events:staff_export": ADVISOR_OWN_OFFICE,
    "events:staff_checkin": ADVISOR_OWN_OFFICE,
    "events:staff_checkin_code": ADVISOR_OWN_OFFICE,
    "events:staff_checkin_list": ADVISOR_OWN_OFFICE,
    "events:staff_checkin_sync": ADVISOR_OWN_POST_400,  # POST without a body
    "events:staff_registration_cancel": ADVISOR_OWN_POST,
    "events:staff_registration_person": ADVISOR_OWN_POST,
    "events:staff_event_cancel": ADVISOR_OWN_OFFICE,  # GET: the confirmation step
    "events:staff_speed_dating": ADVISOR_OWN_OFFICE,
    "events:staff_groups": ADVISOR_OWN_OFFICE,
    "events:staff_group_edit": ADVISOR_OWN_OFFICE,
    "events:staff_group_delete": ADVISOR_OWN_POST,
    "events:staff_stations": ADVISOR_OWN_OFFICE,
    "events:staff_station_edit": ADVISOR_OWN_OFFICE,
    "events:staff_station_delete": ADVISOR_OWN_POST,
    "events:staff_speed_setup": ADVISOR_OWN_OFFICE,
    "events:staff_speed_slot_delete": ADVISOR_OWN_POST,
    "events:staff_speed_company_edit": ADVISOR_OWN_OFFICE,
    "events:staff_speed_company_delete": ADVISOR_OWN_POST,
    "events:staff_speed_applicant_edit": ADVISOR_OWN_OFFICE,
    "events:speed_apply": PUBLIC,
    "events:speed_personal": PUBLIC,
    "events:speed_personal_pdf": PUBLIC,
    "events:speed_personal_ical": PUBLIC,
    "api:event_list": {"anonymous": 200, "advisor": 200},
    "api:event_detail": {"anonymous": 200, "other_office_advisor": 200},
    "api:registration_create": {"anonymous": 400, "advisor": 400},  # POST without a body
    "api:registration_cancel": {"anonymous": 405},  # DELETE only
}


def build(office, other_office) -> dict[str, str]:
    event = EventFactory(organisation=office)
    registration = RegistrationFactory(event=event)
    other = RegistrationFactory(event=event)
    pk = event.pk
    speed, slots, companies = speed_dating_event(office, people=2)
    applicant = speed.speed_applicants.first()
    group = EventGroupFactory(event=event)
    station = StationFactory(event__organisation=office)
    jump = station.event_id
    return {
        "events:public_list": "/en/events/",
        "events:public_detail": f"/en/events/{pk}/",
        "events:register": f"/en/events/{pk}/register/",
        "events:event_ical": f"/en/events/{pk}/event.ics",
        "events:office_feed": f"/en/events/office/{office.slug}.ics",
        "events:registration_detail": f"/en/events/registration/{registration.token}/",
        "events:registration_cancel": f"POST /en/events/registration/{registration.token}/cancel/",
        "events:staff_list": "/en/staff/events/",
        "events:staff_create": "/en/staff/events/new/",
        "events:staff_detail": f"/en/staff/events/{pk}/",
        "events:staff_edit": f"/en/staff/events/{pk}/edit/",
        "events:staff_translations": f"/en/staff/events/{pk}/translations/",
        "events:staff_copy": f"POST /en/staff/events/{pk}/copy/",
        "events:staff_export": f"/en/staff/events/{pk}/registrations.csv",
        "events:staff_checkin": f"/en/staff/events/{pk}/check-in/",
        "events:staff_checkin_code": f"/en/staff/events/check-in/{registration.checkin_code}/",
        "events:staff_checkin_list": f"/en/staff/events/{pk}/check-in/door-list.json",
        "events:staff_checkin_sync": f"POST /en/staff/events/{pk}/check-in/sync/",
        "events:staff_event_cancel": f"/en/staff/events/{pk}/cancel/",
        "events:staff_registration_cancel": (
            f"POST /en/staff/events/{pk}/registrations/{other.pk}/cancel/"
        ),
        "events:staff_registration_person": (
            f"POST /en/staff/events/{pk}/registrations/{other.pk}/person/"
        ),
        "events:staff_speed_dating": f"/en/staff/events/{speed.pk}/speed-dating/",
        "events:staff_groups": f"/en/staff/events/{pk}/groups/",
        "events:staff_group_edit": f"/en/staff/events/{pk}/groups/{group.pk}/",
        "events:staff_group_delete": f"POST /en/staff/events/{pk}/groups/{group.pk}/delete/",
        "events:staff_stations": f"/en/staff/events/{jump}/stations/",
        "events:staff_station_edit": f"/en/staff/events/{jump}/stations/{station.pk}/",
        "events:staff_station_delete": (
            f"POST /en/staff/events/{jump}/stations/{station.pk}/delete/"
        ),
        "events:staff_speed_setup": f"/en/staff/events/{speed.pk}/speed-dating/set-up/",
        "events:staff_speed_slot_delete": (
            f"POST /en/staff/events/{speed.pk}/speed-dating/slots/{slots[0].pk}/delete/"
        ),
        "events:staff_speed_company_edit": (
            f"/en/staff/events/{speed.pk}/speed-dating/companies/{companies[0].pk}/"
        ),
        "events:staff_speed_company_delete": (
            f"POST /en/staff/events/{speed.pk}/speed-dating/companies/{companies[0].pk}/delete/"
        ),
        "events:staff_speed_applicant_edit": (
            f"/en/staff/events/{speed.pk}/speed-dating/applicants/{applicant.pk}/"
        ),
        "events:speed_apply": f"/en/events/{speed.pk}/speed-dating/sign-up/",
        "events:speed_personal": f"/en/events/speed-dating/{applicant.token}/",
        "events:speed_personal_pdf": f"/en/events/speed-dating/{applicant.token}/interviews.pdf",
        "events:speed_personal_ical": f"/en/events/speed-dating/{applicant.token}/interviews.ics",
        "api:event_list": "/api/v1/events",
        "api:event_detail": f"/api/v1/events/{pk}",
        "api:registration_create": f"POST /api/v1/events/{pk}/registrations",
        "api:registration_cancel": f"/api/v1/registrations/{registration.token}",
    }
