"""More seats move people up from the waitlist; fewer seats than people confirmed are refused."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from kausa.events import services
from kausa.events.models import Event, Registration
from kausa.events.registration import services as registrations
from kausa.events.setup import services as setup_services
from kausa.reference.models import Language
from tests.events.factories import EventFactory, EventGroupFactory, RegistrationFactory

pytestmark = pytest.mark.django_db


def register(event, email, party_size=1, **kwargs):
    return registrations.registration_create(
        event_id=event.pk,
        name=email.split("@")[0],
        email=email,
        party_size=party_size,
        consent=True,
        **kwargs,
    ).registration


def test_more_seats_move_the_first_waiting_parties_up_and_tell_them(
    advisor, office, django_capture_on_commit_callbacks
):
    event = EventFactory(organisation=office, capacity=3)
    register(event, "a@mail.test", party_size=3)
    family = register(event, "family@mail.test", party_size=3)
    single = register(event, "single@mail.test")
    last = register(event, "last@mail.test", party_size=2)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.event_update(user=advisor, event=event, capacity=7)
    for r in (family, single, last):
        r.refresh_from_db()
    # 4 new seats: the family of 3 (first in line), then the single person; 2 do not fit
    assert (family.status, single.status, last.status) == ("confirmed", "confirmed", "waitlisted")
    assert sorted(m.to[0] for m in mail.outbox) == ["family@mail.test", "single@mail.test"]


def test_fewer_seats_than_confirmed_people_are_refused(client, advisor, office):
    event = EventFactory(organisation=office, capacity=5)
    register(event, "a@mail.test", party_size=4)
    with translation.override("en"), pytest.raises(ValidationError) as error:
        services.event_update(user=advisor, event=event, capacity=3)
    assert "at least 4 seats" in str(error.value)
    event.refresh_from_db()
    assert event.capacity == 5


def test_the_edit_page_shows_the_seat_error_at_the_field(client, advisor, office):
    event = EventFactory(organisation=office, capacity=5)
    register(event, "a@mail.test", party_size=4)
    client.force_login(advisor)
    page = client.get(f"/en/staff/events/{event.pk}/edit/")
    form = page.context["form"]
    data = {
        name: (value.pk if hasattr(value, "pk") else value)
        for name, value in form.initial.items()
        if value is not None and name in form.fields
    }
    data["languages"] = [lang.pk for lang in event.languages.all()]
    data["capacity"] = 2
    for name in ("starts_at", "ends_at"):
        data[name] = form[name].value().strftime("%Y-%m-%dT%H:%M")
    response = client.post(f"/en/staff/events/{event.pk}/edit/", data)
    assert response.status_code == 200
    assert "at least 4 seats" in response.context["form"].errors["capacity"][0]
    event.refresh_from_db()
    assert event.capacity == 5


def test_more_group_seats_move_people_of_that_group_up(
    advisor, office, django_capture_on_commit_callbacks
):
    event = EventFactory(organisation=office, capacity=20)
    arabic = EventGroupFactory(
        event=event, name="Arabisch", capacity=1, language=Language.objects.get(code="ar")
    )
    register(event, "a@mail.test", group_id=arabic.pk)
    waiting = register(event, "b@mail.test", group_id=arabic.pk)
    assert waiting.status == Registration.Status.WAITLISTED
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        setup_services.group_save(
            user=advisor,
            event=event,
            group=arabic,
            kind=arabic.kind,
            name=arabic.name,
            language=arabic.language,
            capacity=2,
        )
    waiting.refresh_from_db()
    assert waiting.status == Registration.Status.CONFIRMED
    assert [m.to for m in mail.outbox] == [["b@mail.test"]]


def test_more_seats_after_the_event_move_nobody_up(
    advisor, office, django_capture_on_commit_callbacks
):
    event = EventFactory(organisation=office, capacity=1)
    RegistrationFactory(event=event)
    waiting = RegistrationFactory(event=event, status=Registration.Status.WAITLISTED)
    Event.objects.filter(pk=event.pk).update(
        starts_at=timezone.now() - dt.timedelta(days=2),
        ends_at=timezone.now() - dt.timedelta(days=2, hours=-2),
    )
    event.refresh_from_db()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.event_update(user=advisor, event=event, capacity=5)
    waiting.refresh_from_db()
    assert waiting.status == Registration.Status.WAITLISTED
    assert mail.outbox == []
