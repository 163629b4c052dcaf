"""The reads the event pages stand on: who may open and create events, a person to link,
the door search, the office's calendar feed."""

from __future__ import annotations

import pytest
from django.http import Http404

from kausa.events import selectors
from kausa.events.checkin.selectors import door_search
from kausa.events.models import Registration
from kausa.events.registration.selectors import person_to_link
from tests.events.factories import EventFactory, RegistrationFactory
from tests.factories import YoungPersonFactory

pytestmark = pytest.mark.django_db


def test_advisors_open_and_create_events_of_their_office_coordinators_only_count_them(
    advisor, coordinator, office
):
    rights = selectors.staff_event_rights(user=advisor)
    assert rights.offices == {office.pk} and rights.can_create
    rights = selectors.staff_event_rights(user=coordinator)
    assert rights.offices == frozenset() and not rights.can_create


def test_a_registration_links_only_to_a_young_person_of_the_events_office(
    advisor, office, other_office
):
    event = EventFactory(organisation=office)
    own = YoungPersonFactory(organisation=office)
    assert person_to_link(user=advisor, event=event, pk=own.pk) == own
    foreign = YoungPersonFactory(organisation=other_office)
    with pytest.raises(Http404):
        person_to_link(user=advisor, event=event, pk=foreign.pk)
    other_event = EventFactory(organisation=other_office)
    with pytest.raises(Http404):  # the event of another office: not even its own people
        person_to_link(user=advisor, event=other_event, pk=foreign.pk)


def test_the_door_search_finds_names_and_codes_but_no_cancelled_registrations(advisor, office):
    event = EventFactory(organisation=office)
    seat = RegistrationFactory(event=event, name="Yasmin Demir")
    RegistrationFactory(event=event, name="Yasmin Kaya", status=Registration.Status.CANCELLED)
    assert door_search(user=advisor, event=event, query="") == []
    assert door_search(user=advisor, event=event, query="yasmin") == [seat]
    assert door_search(user=advisor, event=event, query=seat.checkin_code) == [seat]


def test_the_calendar_feed_belongs_to_an_active_office(office):
    assert selectors.feed_office(slug=office.slug) == office
    office.is_active = False
    office.save()
    with pytest.raises(Http404):
        selectors.feed_office(slug=office.slug)
    with pytest.raises(Http404):
        selectors.feed_office(slug="nobody")
