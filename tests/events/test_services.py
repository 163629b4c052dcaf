from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import timezone

from kausa.events import services
from kausa.events.models import Event, Registration
from kausa.events.registration import services as registrations
from tests.events.factories import EventFactory, EventGroupFactory

pytestmark = pytest.mark.django_db


def register(event, email, party_size=1, **kwargs):
    return registrations.registration_create(
        event_id=event.pk,
        name=kwargs.pop("name", email.split("@")[0]),
        email=email,
        party_size=party_size,
        consent=kwargs.pop("consent", True),
        **kwargs,
    )


def test_registration_gets_a_seat_while_there_is_room(office):
    event = EventFactory(organisation=office, capacity=2)
    result = register(event, "a@mail.test")
    assert result.created
    assert result.registration.status == Registration.Status.CONFIRMED
    assert result.registration.organisation_id == office.pk
    assert result.waitlist_position is None


def test_full_event_puts_registration_on_waitlist_in_order(office):
    event = EventFactory(organisation=office, capacity=1)
    register(event, "a@mail.test")
    second = register(event, "b@mail.test")
    third = register(event, "c@mail.test")
    assert second.registration.status == Registration.Status.WAITLISTED
    assert (second.waitlist_position, third.waitlist_position) == (1, 2)


def test_family_gets_seats_together_or_waits_together(office):
    event = EventFactory(organisation=office, capacity=4)
    register(event, "a@mail.test", party_size=2)
    family = register(event, "family@mail.test", party_size=3)
    assert family.registration.status == Registration.Status.WAITLISTED
    single = register(event, "b@mail.test")
    assert single.registration.status == Registration.Status.CONFIRMED
    assert registrations.seats_taken(event.pk) == 3


def test_same_email_twice_returns_the_existing_registration(office):
    event = EventFactory(organisation=office)
    first = register(event, "Same@Mail.test")
    again = register(event, "same@mail.test ")
    assert not again.created
    assert again.registration.pk == first.registration.pk
    assert Registration.objects.filter(event=event).count() == 1


def test_bad_input_is_refused_with_reasons_and_saves_nothing(office):
    event = EventFactory(organisation=office, capacity=3)
    with pytest.raises(ValidationError) as info:
        register(event, "", party_size=9, consent=False, name=" ")
    assert {"name", "email", "consent", "party_size"} <= set(info.value.message_dict)
    assert not Registration.objects.exists()


def test_cancelled_event_takes_no_registrations(office):
    event = EventFactory(organisation=office, status=Event.Status.CANCELLED)
    with pytest.raises(ValidationError):
        register(event, "a@mail.test")


def test_group_capacity_is_respected(office):
    event = EventFactory(organisation=office, capacity=10)
    group = EventGroupFactory(event=event, capacity=1)
    with pytest.raises(ValidationError):
        register(event, "nogroup@mail.test")
    assert register(event, "a@mail.test", group_id=group.pk).registration.status == "confirmed"
    assert register(event, "b@mail.test", group_id=group.pk).registration.status == "waitlisted"


def test_cancel_promotes_first_waiting_party_that_fits_and_tells_them(
    office, django_capture_on_commit_callbacks, settings
):
    settings.SITE_URL = "http://x"
    event = EventFactory(organisation=office, capacity=4)
    seat = register(event, "a@mail.test", party_size=2).registration
    register(event, "b@mail.test", party_size=2)
    big = register(event, "big@mail.test", party_size=3).registration
    small = register(event, "small@mail.test", party_size=2).registration
    later = register(event, "later@mail.test", party_size=1).registration
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        cancelled, promoted = registrations.registration_cancel(token=seat.token)
    assert cancelled.status == Registration.Status.CANCELLED
    assert [r.pk for r in promoted] == [small.pk]
    big.refresh_from_db()
    later.refresh_from_db()
    assert big.status == later.status == Registration.Status.WAITLISTED
    assert [m.to for m in mail.outbox] == [["small@mail.test"]]
    assert f"http://x/de/events/registration/{small.token}/" in mail.outbox[0].body
    # cancelling twice changes nothing
    again, moved = registrations.registration_cancel(token=seat.token)
    assert again.status == "cancelled" and moved == []


def test_confirmation_mail_in_the_persons_language(office, django_capture_on_commit_callbacks):
    event = EventFactory(organisation=office, is_online=True)
    services.event_translation_set(
        user=None, event=event, language="en", title="Parent evening", description=""
    )
    with django_capture_on_commit_callbacks(execute=True):
        reg = register(event, "a@mail.test", language="en").registration
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert "Parent evening" in message.subject
    assert "/en/events/registration/" in message.body
    assert event.room_url in message.body
    assert reg.checkin_code not in message.body  # an online event has no entrance


def test_reminders_go_the_day_before_and_not_after_cancellation(office):
    with time_machine.travel(dt.datetime(2026, 11, 29, 9, 0, tzinfo=dt.UTC), tick=False):
        start = timezone.now() + dt.timedelta(days=1)
        event = EventFactory(organisation=office, starts_at=start)
        later = EventFactory(organisation=office, starts_at=start + dt.timedelta(days=3))
        keep = register(event, "keep@mail.test", language="en").registration
        gone = register(event, "gone@mail.test").registration
        register(later, "later@mail.test")
        registrations.registration_cancel(token=gone.token)
        mail.outbox.clear()
        call_command("send_event_reminders")
        assert [m.to for m in mail.outbox] == [["keep@mail.test"]]
        assert "tomorrow" in mail.outbox[0].body
        keep.refresh_from_db()
        assert keep.reminder_sent_at is not None
        call_command("send_event_reminders")
        assert len(mail.outbox) == 1


def test_event_copy_is_a_draft_with_texts_and_groups(office, advisor):
    event = EventFactory(organisation=office)
    group = EventGroupFactory(event=event)
    services.event_translation_set(
        user=advisor, event=event, language="ar", title="أمسية", description=""
    )
    register(event, "a@mail.test", group_id=group.pk)
    copy = services.event_copy(user=advisor, event=event)
    assert copy.pk != event.pk and copy.status == Event.Status.DRAFT
    assert copy.starts_at - event.starts_at == dt.timedelta(days=7)
    assert copy.text_for("ar")[0] == "أمسية"
    assert copy.groups.count() == 1
    assert not copy.registrations.exists()
    assert copy.invite_key != event.invite_key


def test_other_office_cannot_copy(office, other_office_advisor):
    event = EventFactory(organisation=office)
    with pytest.raises(Exception, match="cannot change"):
        services.event_copy(user=other_office_advisor, event=event)
