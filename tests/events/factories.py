from __future__ import annotations

import datetime as dt

import factory
from django.utils import timezone

from kausa.events.models import Event, EventGroup, Registration, Station
from tests.factories import OrganisationFactory


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Event
        skip_postgeneration_save = True

    organisation = factory.SubFactory(OrganisationFactory)
    type = Event.Type.PARENT_EVENING
    audience = Event.Audience.PARENTS
    title = factory.Sequence(lambda n: f"Elternabend {n}")
    description = "Wie funktioniert die Ausbildung in Deutschland?"
    city = "Berlin"
    venue = "Nachbarschaftshaus"
    starts_at = factory.LazyFunction(lambda: timezone.now() + dt.timedelta(days=10))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + dt.timedelta(hours=2))
    capacity = 20

    @factory.post_generation
    def languages(obj, create, extracted, **kwargs):
        if create:
            obj.languages.set(extracted or ["de"])


class EventGroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EventGroup

    event = factory.SubFactory(EventFactory)
    kind = EventGroup.Kind.LANGUAGE
    name = "Arabisch"
    capacity = 5


class StationFactory(factory.django.DjangoModelFactory):
    """A sports-club station of a JUMP! event, in the event's first hour."""

    class Meta:
        model = Station

    event = factory.SubFactory(EventFactory, type=Event.Type.JUMP, title="JUMP! Sportfest")
    kind = Station.Kind.SPORTS_CLUB
    name = "Boxclub Nord"
    starts_at = factory.SelfAttribute("event.starts_at")
    ends_at = factory.LazyAttribute(lambda o: o.event.starts_at + dt.timedelta(hours=1))
    place = "Halle 1"
    activity = "Boxen ausprobieren"


class RegistrationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Registration

    event = factory.SubFactory(EventFactory)
    organisation = factory.SelfAttribute("event.organisation")
    name = factory.Sequence(lambda n: f"Teilnehmende {n}")
    email = factory.Sequence(lambda n: f"person{n}@mail.test")
    status = Registration.Status.CONFIRMED
    consent_given_at = factory.LazyFunction(timezone.now)


def speed_dating_event(organisation, *, people=6, companies=3, slots=3, tables=1):
    """A speed-dating event with slots, companies and ranked wishes (deterministic)."""
    from kausa.events.models import (
        SpeedDatingApplicant,
        SpeedDatingCompany,
        SpeedDatingSlot,
        SpeedDatingWish,
    )

    event = EventFactory(
        organisation=organisation,
        type=Event.Type.SPEED_DATING,
        title="Azubi-Speed-Dating",
        is_online=True,
        capacity=100,
    )
    slot_rows = [
        SpeedDatingSlot.objects.create(
            event=event, starts_at=event.starts_at + dt.timedelta(minutes=20 * k), minutes=15
        )
        for k in range(slots)
    ]
    company_rows = [
        SpeedDatingCompany.objects.create(
            organisation=organisation, event=event, name=f"Betrieb {k}", tables=tables
        )
        for k in range(companies)
    ]
    for k in range(people):
        applicant = SpeedDatingApplicant.objects.create(
            organisation=organisation, event=event, name=f"Bewerber {k}", max_interviews=2
        )
        order = [company_rows[(k + j) % companies] for j in range(min(3, companies))]
        for rank, company in enumerate(order, start=1):
            SpeedDatingWish.objects.create(applicant=applicant, company=company, rank=rank)
    return event, slot_rows, company_rows
