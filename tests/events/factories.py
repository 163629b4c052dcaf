from __future__ import annotations

import datetime as dt

import factory
from django.utils import timezone

from kausa.events.models import Event, EventGroup, Registration
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


class RegistrationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Registration

    event = factory.SubFactory(EventFactory)
    organisation = factory.SelfAttribute("event.organisation")
    name = factory.Sequence(lambda n: f"Teilnehmende {n}")
    email = factory.Sequence(lambda n: f"person{n}@mail.test")
    status = Registration.Status.CONFIRMED
    consent_given_at = factory.LazyFunction(timezone.now)
