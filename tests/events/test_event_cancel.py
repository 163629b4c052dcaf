"""The office cancels an event: everyone registered is told in their language, nothing follows."""

from __future__ import annotations

import datetime as dt
import json

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.utils import timezone, translation
from django.utils.translation import gettext

from kausa.core.models import AuditEntry
from kausa.events import services, tasks
from kausa.events.models import Event, Registration
from kausa.events.registration import services as registrations
from tests.conftest import login
from tests.events.factories import EventFactory

pytestmark = pytest.mark.django_db


def register(event, email, language="de", phone=""):
    return registrations.registration_create(
        event_id=event.pk,
        name=email.split("@")[0] or "Anruf",
        email=email,
        phone=phone,
        language=language,
        consent=True,
    ).registration


def in_language(language: str, text: str) -> str:
    with translation.override(language):
        return gettext(text)


@pytest.fixture
def full_event(office):
    """Two seats: a German and an Arabic person confirmed, a Turkish one waiting."""
    event = EventFactory(organisation=office, capacity=2, contact_email="info@kausa.test")
    services.event_translation_set(
        user=None, event=event, language="ar", title="أمسية الآباء", description=""
    )
    german = register(event, "de@mail.test", "de")
    arabic = register(event, "ar@mail.test", "ar")
    waiting = register(event, "tr@mail.test", "tr")
    phone_only = register(event, "", "de", phone="0170 1234567")
    mail.outbox.clear()
    return event, german, arabic, waiting, phone_only


def test_cancelled_event_tells_everyone_in_their_language(
    full_event, advisor, django_capture_on_commit_callbacks
):
    event, german, arabic, waiting, phone_only = full_event
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        released = services.event_cancel(user=advisor, event=event)
    assert len(callbacks) == 3  # mails go after the commit, through the task queue
    assert {r.pk for r in released} == {german.pk, arabic.pk, waiting.pk, phone_only.pk}
    by_address = {m.to[0]: m for m in mail.outbox}
    assert set(by_address) == {"de@mail.test", "ar@mail.test", "tr@mail.test"}

    to_arabic = by_address["ar@mail.test"]
    assert "أمسية الآباء" in to_arabic.subject
    assert in_language("ar", "Your KAUSA team") in to_arabic.body
    assert "فريق KAUSA" in to_arabic.body  # really Arabic, not the English source
    html, mimetype = to_arabic.alternatives[0]
    assert mimetype == "text/html" and 'dir="rtl"' in html and 'lang="ar"' in html

    to_german = by_address["de@mail.test"]
    assert event.title in to_german.subject
    assert in_language("de", "Your KAUSA team") in to_german.body
    assert 'dir="ltr"' in to_german.alternatives[0][0]
    for row, message in ((german, to_german), (arabic, to_arabic)):
        assert "info@kausa.test" in message.body  # whom to ask
        assert row.checkin_code not in message.body  # nothing to check in to
        assert not message.attachments  # no QR code for a cancelled event

    for row in (german, arabic, waiting, phone_only):
        row.refresh_from_db()
        assert row.status == Registration.Status.CANCELLED and row.cancelled_at is not None
    event.refresh_from_db()
    assert event.status == Event.Status.CANCELLED
    assert AuditEntry.objects.filter(detail="event cancelled", object_id=str(event.pk)).exists()


def test_cancelling_twice_mails_nobody_again(
    full_event, advisor, django_capture_on_commit_callbacks
):
    event, *_rows = full_event
    with django_capture_on_commit_callbacks(execute=True):
        services.event_cancel(user=advisor, event=event)
        assert services.event_cancel(user=advisor, event=event) == []
    assert len(mail.outbox) == 3


def test_no_reminder_after_the_event_is_cancelled(office, advisor):
    with time_machine.travel(dt.datetime(2026, 11, 29, 9, 0, tzinfo=dt.UTC), tick=False):
        start = timezone.now() + dt.timedelta(days=1)
        event = EventFactory(organisation=office, starts_at=start)
        seat = register(event, "seat@mail.test", "en")
        services.event_cancel(user=advisor, event=event)
        mail.outbox.clear()
        call_command("send_event_reminders")
        assert mail.outbox == []
        # a reminder queued before the cancellation and run after it sends nothing either
        tasks.send_reminder_mail.call(seat.pk)
        assert mail.outbox == []
        seat.refresh_from_db()
        assert seat.reminder_sent_at is None


def test_setting_the_status_in_the_edit_service_cancels_the_same_way(
    full_event, advisor, django_capture_on_commit_callbacks
):
    event, german, *_rows = full_event
    with django_capture_on_commit_callbacks(execute=True):
        services.event_update(user=advisor, event=event, status=Event.Status.CANCELLED)
    assert len(mail.outbox) == 3
    german.refresh_from_db()
    assert german.status == Registration.Status.CANCELLED


def test_public_page_says_cancelled_and_registration_is_refused(full_event, advisor):
    event, *_rows = full_event
    services.event_cancel(user=advisor, event=event)
    page = Client().get(f"/en/events/{event.pk}/").content.decode()
    assert "This event has been cancelled. Registration is closed." in page
    assert f"/en/events/{event.pk}/register/" not in page

    form = Client().get(f"/en/events/{event.pk}/register/")
    assert form.status_code == 200
    assert "This event has been cancelled. Registration is closed." in form.content.decode()
    assert 'name="consent"' not in form.content.decode()
    posted = Client().post(
        f"/en/events/{event.pk}/register/",
        {"name": "Late", "email": "late@mail.test", "language": "de", "party_size": "1"}
        | {"consent": "on"},
    )
    assert "This event has been cancelled." in posted.content.decode()

    api = Client().post(
        f"/api/v1/events/{event.pk}/registrations",
        json.dumps({"name": "Late", "email": "late@mail.test", "consent": True}),
        content_type="application/json",
        headers={"accept-language": "en"},
    )
    assert api.status_code == 422
    assert "cancelled" in api.json()["detail"]
    assert not Registration.objects.filter(email="late@mail.test").exists()


def test_the_personal_page_says_the_event_is_cancelled(full_event, advisor):
    event, german, *_rows = full_event
    services.event_cancel(user=advisor, event=event)
    page = Client().get(f"/en/events/registration/{german.token}/").content.decode()
    assert 'data-status="event-cancelled"' in page
    assert "Cancel my registration" not in page


def test_staff_cancel_with_a_confirmation_step(
    full_event, advisor, django_capture_on_commit_callbacks
):
    event, _german, _arabic, _waiting, phone_only = full_event
    client = login(advisor)
    detail = client.get(f"/en/staff/events/{event.pk}/").content.decode()
    assert f"/en/staff/events/{event.pk}/cancel/" in detail

    confirm = client.get(f"/en/staff/events/{event.pk}/cancel/")
    assert confirm.status_code == 200
    text = confirm.content.decode()
    assert '<dd data-count="confirmed">2</dd>' in text
    assert '<dd data-count="waiting">2</dd>' in text
    assert phone_only.phone in text  # to be called: they get no e-mail
    event.refresh_from_db()
    assert event.status == Event.Status.PUBLISHED and mail.outbox == []  # nothing yet

    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(f"/en/staff/events/{event.pk}/cancel/", follow=True)
    page = done.content.decode()
    assert "E-mails go to 3 registrations" in page
    assert "1 registration has only a phone number" in page
    assert f"/en/staff/events/{event.pk}/cancel/" not in page  # the action is gone
    event.refresh_from_db()
    assert event.status == Event.Status.CANCELLED
    assert len(mail.outbox) == 3


def test_edit_form_offers_no_silent_cancel(full_event, advisor):
    event, *_rows = full_event
    page = login(advisor).get(f"/en/staff/events/{event.pk}/edit/").content.decode()
    assert 'value="cancelled"' not in page


def test_other_office_cannot_cancel(full_event, other_office_advisor):
    event, german, *_rows = full_event
    client = login(other_office_advisor)
    assert client.get(f"/en/staff/events/{event.pk}/cancel/").status_code == 404
    assert client.post(f"/en/staff/events/{event.pk}/cancel/").status_code == 404
    event.refresh_from_db()
    german.refresh_from_db()
    assert event.status == Event.Status.PUBLISHED
    assert german.status == Registration.Status.CONFIRMED
    assert mail.outbox == []


def test_leaving_a_cancelled_event_moves_nobody_up(office, advisor):
    """Registrations left active by an older cancellation are not promoted into it."""
    event = EventFactory(organisation=office, capacity=1)
    seat = register(event, "seat@mail.test")
    register(event, "wait@mail.test")
    Event.objects.filter(pk=event.pk).update(status=Event.Status.CANCELLED)
    _cancelled, promoted = registrations.registration_cancel(token=seat.token)
    assert promoted == []
