from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone
from icalendar import Calendar

from kausa.events.models import Event, Registration
from tests.conftest import login
from tests.events.factories import EventFactory, RegistrationFactory

pytestmark = pytest.mark.django_db


def form_data(**overrides):
    return {
        "name": "Fatma Yilmaz",
        "email": "fatma@mail.test",
        "phone": "",
        "language": "ar",
        "party_size": "3",
        "consent": "on",
    } | overrides


def test_list_shows_upcoming_public_events_and_filters(office, other_office):
    shown = EventFactory(organisation=office, title="Elternabend Mitte", languages=["de", "ar"])
    EventFactory(organisation=office, title="Geheim", is_public=False)
    EventFactory(organisation=office, title="Entwurf", status=Event.Status.DRAFT)
    EventFactory(
        organisation=office,
        title="Vorbei",
        starts_at=timezone.now() - dt.timedelta(days=3),
        ends_at=timezone.now() - dt.timedelta(days=3, hours=-2),
    )
    EventFactory(organisation=other_office, title="JUMP Hamburg", type="jump", city="Hamburg")
    page = Client().get("/en/events/").content.decode()
    assert "Elternabend Mitte" in page and "JUMP Hamburg" in page
    assert "Geheim" not in page and "Entwurf" not in page and "Vorbei" not in page
    filtered = Client().get("/en/events/?city=Hamburg").content.decode()
    assert "JUMP Hamburg" in filtered and "Elternabend Mitte" not in filtered
    by_language = Client().get("/en/events/?language=ar").content.decode()
    assert "Elternabend Mitte" in by_language and "JUMP Hamburg" not in by_language
    by_type = Client().get("/en/events/?type=jump").content.decode()
    assert "JUMP Hamburg" in by_type and shown.title not in by_type


def test_event_page_in_the_visitors_language_with_fallback(office):
    event = EventFactory(organisation=office, title="Elternabend")
    event.translations.create(language="ar", title="أمسية الآباء", description="شرح")
    arabic = Client().get(f"/ar/events/{event.pk}/")
    assert 'dir="rtl"' in arabic.content.decode()
    assert "أمسية الآباء" in arabic.content.decode()
    assert "Elternabend" in Client().get(f"/tr/events/{event.pk}/").content.decode()


@pytest.mark.parametrize(
    ("kind", "audience", "topic"),
    [
        ("speed_dating", "young_people", "speed_dating"),
        ("parent_evening", "parents", "parent_enquiry"),
        ("jump", "young_people", "advisor_contact"),
    ],
)
def test_event_page_leads_to_the_offices_call_back_form(office, kind, audience, topic):
    event = EventFactory(organisation=office, type=kind, audience=audience)
    page = Client().get(f"/ar/events/{event.pk}/").content.decode()
    link = f"/ar/offices/{office.slug}/?topic={topic}#call-back"
    assert f'href="{link}"' in page
    # the office's form opens with that topic chosen
    form = Client().get(link.split("#")[0]).content.decode()
    assert f'value="{topic}"' in form.split("checked", 1)[0].rsplit("<input", 1)[1]


def test_invite_only_event_needs_its_key(office):
    event = EventFactory(organisation=office, is_public=False)
    assert Client().get(f"/en/events/{event.pk}/").status_code == 404
    assert Client().get(f"/en/events/{event.pk}/?key={event.invite_key}").status_code == 200


def test_register_confirm_and_cancel_without_account(office, django_capture_on_commit_callbacks):
    event = EventFactory(organisation=office, capacity=10)
    client = Client()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/en/events/{event.pk}/register/", form_data())
    registration = Registration.objects.get()
    assert response.status_code == 302
    assert response["Location"].endswith(f"/events/registration/{registration.token}/")
    assert (registration.party_size, registration.language) == (3, "ar")
    assert len(mail.outbox) == 1 and registration.token in mail.outbox[0].body
    page = client.get(response["Location"]).content.decode()
    assert "data:image/svg+xml" in page  # the QR code for the check-in at the entrance
    assert registration.checkin_code in page
    # a double click lands on the same confirmation and registers nobody twice
    again = client.post(f"/en/events/{event.pk}/register/", form_data())
    assert again["Location"] == response["Location"]
    assert Registration.objects.count() == 1
    client.post(f"/en/events/registration/{registration.token}/cancel/")
    registration.refresh_from_db()
    assert registration.status == Registration.Status.CANCELLED


def test_another_browser_with_the_same_email_does_not_get_the_link(office):
    event = EventFactory(organisation=office)
    Client().post(f"/en/events/{event.pk}/register/", form_data())
    response = Client().post(f"/en/events/{event.pk}/register/", form_data())
    assert response.status_code == 200
    assert "already registered" in response.content.decode()
    token = Registration.objects.get().token
    assert token not in response.content.decode()


def test_form_without_consent_shows_errors_and_saves_nothing(office):
    event = EventFactory(organisation=office)
    response = Client().post(
        f"/en/events/{event.pk}/register/", form_data(consent="", email="", party_size="0")
    )
    assert response.status_code == 200
    assert response.content.decode().count('class="field-error"') >= 2
    assert not Registration.objects.exists()


def test_full_event_shows_waitlist_position(office):
    event = EventFactory(organisation=office, capacity=1)
    RegistrationFactory(event=event)
    client = Client()
    response = client.post(
        f"/en/events/{event.pk}/register/", form_data(party_size="1"), follow=True
    )
    assert "Position 1 on the waitlist" in response.content.decode()
    assert "data:image/svg+xml" not in response.content.decode()


def test_ical_per_event_and_office_feed(office):
    event = EventFactory(organisation=office, title="Elternabend")
    EventFactory(organisation=office, title="JUMP!", type="jump")
    EventFactory(organisation=office, is_public=False, title="Geheim")
    one = Calendar.from_ical(Client().get(f"/de/events/{event.pk}/event.ics").content)
    assert [str(e["summary"]) for e in one.walk("VEVENT")] == ["Elternabend"]
    response = Client().get(f"/de/events/office/{office.slug}.ics")
    assert response["Content-Type"].startswith("text/calendar")
    feed = Calendar.from_ical(response.content)
    assert sorted(str(e["summary"]) for e in feed.walk("VEVENT")) == ["Elternabend", "JUMP!"]
    assert Client().get("/de/events/office/nope.ics").status_code == 404


def test_staff_creates_copies_and_translates_an_event(advisor, office):
    client = login(advisor)
    response = client.post(
        "/en/staff/events/new/",
        {
            "type": "parent_evening",
            "audience": "parents",
            "status": "published",
            "is_public": "on",
            "title": "Elternabend Wedding",
            "description": "Ausbildung erklärt",
            "languages": ["de", "ar"],
            "starts_at": "2027-01-12T18:00",
            "ends_at": "2027-01-12T20:00",
            "capacity": "40",
            "venue": "Stadtteilzentrum",
            "postal_code": "13353",
            "city": "",
        },
    )
    event = Event.objects.get()
    assert response.status_code == 302
    assert event.organisation == office and event.city == "Berlin" and event.lat
    assert set(event.languages.values_list("code", flat=True)) == {"de", "ar"}
    client.post(
        f"/en/staff/events/{event.pk}/translations/",
        {"title_ar": "أمسية", "description_ar": "", "title_en": "Parent evening"},
    )
    assert event.text_for("ar")[0] == "أمسية" and event.text_for("en")[0] == "Parent evening"
    client.post(f"/en/staff/events/{event.pk}/copy/")
    assert Event.objects.filter(status="draft").count() == 1


def test_staff_form_errors_save_nothing(advisor):
    response = login(advisor).post("/en/staff/events/new/", {"title": ""})
    assert response.status_code == 200 and not Event.objects.exists()


def test_csv_export_has_only_this_events_rows_and_no_formulas(advisor, office):
    event = EventFactory(organisation=office)
    RegistrationFactory(event=event, name="=HYPERLINK(1)")
    RegistrationFactory(name="Fremd")
    body = login(advisor).get(f"/en/staff/events/{event.pk}/registrations.csv").content.decode()
    assert "'=HYPERLINK(1)" in body and "Fremd" not in body


def test_check_in_by_scanned_code_is_idempotent(advisor, office):
    event = EventFactory(organisation=office)
    reg = RegistrationFactory(event=event, name="Amina Haddad")
    client = login(advisor)
    url = f"/en/staff/events/check-in/{reg.checkin_code}/"
    assert "Amina Haddad" in client.get(url).content.decode()
    assert client.post(url).status_code == 302
    first = Registration.objects.get(pk=reg.pk).checked_in_at
    client.post(url)  # the flaky connection sends it again
    assert Registration.objects.get(pk=reg.pk).checked_in_at == first is not None


def test_check_in_search_by_name_and_typed_code(advisor, office):
    event = EventFactory(organisation=office)
    reg = RegistrationFactory(event=event, name="Amina Haddad")
    client = login(advisor)
    page = client.get(f"/en/staff/events/{event.pk}/check-in/?q=amina").content.decode()
    assert "Amina Haddad" in page
    typed = client.get(f"/en/staff/events/{event.pk}/check-in/?q={reg.checkin_code.lower()}")
    assert typed.status_code == 302 and reg.checkin_code in typed["Location"]


def test_other_office_cannot_check_in(other_office_advisor, office):
    reg = RegistrationFactory(event=EventFactory(organisation=office))
    response = login(other_office_advisor).post(f"/en/staff/events/check-in/{reg.checkin_code}/")
    assert response.status_code == 404
    assert Registration.objects.get(pk=reg.pk).checked_in_at is None


def test_staff_list_query_count_is_pinned(advisor, office, django_assert_max_num_queries):
    for _ in range(5):
        RegistrationFactory(event=EventFactory(organisation=office))
    client = login(advisor)
    with django_assert_max_num_queries(12):
        assert client.get("/en/staff/events/").status_code == 200


def test_figures_count_registered_attended_no_show_and_languages(coordinator, office):
    from kausa.events.selectors import event_figures

    past = EventFactory(
        organisation=office,
        starts_at=timezone.now() - dt.timedelta(days=2),
        ends_at=timezone.now() - dt.timedelta(days=2, hours=-2),
    )
    RegistrationFactory(event=past, party_size=3, language="ar", checked_in_at=timezone.now())
    RegistrationFactory(event=past, party_size=1, language="de")
    RegistrationFactory(event=past, status="waitlisted", waitlist_number=1)
    figures = event_figures(user=coordinator)
    assert (figures.registered, figures.attended, figures.no_show) == (4, 3, 1)
    assert figures.languages == {"ar": 3, "de": 1} and figures.waitlisted == 1


def test_staff_reads_and_exports_leave_audit_entries_without_personal_data(advisor, office):
    from kausa.core.models import AuditEntry

    event = EventFactory(organisation=office)
    RegistrationFactory(event=event, name="Amina Haddad")
    client = login(advisor)
    client.get(f"/en/staff/events/{event.pk}/")
    client.get(f"/en/staff/events/{event.pk}/registrations.csv")
    actions = list(
        AuditEntry.objects.filter(actor=advisor).values_list("action", "object_id", "detail")
    )
    assert ("view", f"event={event.pk}", "registration list") in actions
    assert ("export", f"event={event.pk}", "registration list") in actions
    assert not any("Amina" in str(row) for row in actions)
