"""The public event page keeps what is the same for every visitor (texts, groups, stations,
map) and is drawn anew when the event, its texts, groups, stations or languages change or
a seat is taken."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.test import Client

from kausa.events.models import Station
from kausa.events.registration import services as registration_services
from tests.events.factories import EventFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()


def page(event, lang="en", **params):
    return Client().get(f"/{lang}/events/{event.pk}/", params).content.decode()


def test_a_second_visit_reads_the_event_in_one_query(office, django_assert_max_num_queries):
    event = EventFactory(organisation=office, title="Elternabend")
    first = page(event)
    with django_assert_max_num_queries(3) as queries:  # the event, and the session's user
        second = page(event)
    assert second == first
    assert not any("events_eventtranslation" in q["sql"] for q in queries)


def test_a_new_translation_shows_at_once(office):
    event = EventFactory(organisation=office, title="Elternabend")
    assert "Elternabend" in page(event, "uk")
    event.translations.create(language="uk", title="Батьківський вечір")
    assert "Батьківський вечір" in page(event, "uk")


def test_a_new_station_and_a_changed_language_show_at_once(office):
    event = EventFactory(organisation=office, type="jump", languages=["de"])
    page(event)
    Station.objects.create(
        event=event,
        kind="sports_club",
        name="Boxclub Nord",
        starts_at=event.starts_at,
        ends_at=event.ends_at,
    )
    assert "Boxclub Nord" in page(event)
    event.languages.add("ar")
    assert "العربية" in page(event)


def test_a_taken_seat_shows_at_once(office):
    event = EventFactory(organisation=office, capacity=5)
    assert "5 seats free" in page(event)
    registration_services.registration_create(
        event_id=event.pk, name="Omar", email="omar@mail.test", party_size=2, consent=True
    )
    assert "3 seats free" in page(event)


def test_an_invitation_key_is_never_served_to_a_visitor_without_it(office):
    event = EventFactory(organisation=office, is_public=False)
    with_key = page(event, key=event.invite_key)
    assert f"?key={event.invite_key}" in with_key
    assert Client().get(f"/en/events/{event.pk}/").status_code == 404


def test_once_kept_a_visit_asks_one_small_question(office, django_assert_num_queries):
    """The event itself is kept per process under its updated_at; a visit reads only its
    version and seat counts."""
    event = EventFactory(organisation=office, title="Elternabend")
    first = page(event)
    with django_assert_num_queries(1) as queries:
        second = page(event)
    assert second == first
    assert "accounts_organisation" not in queries.captured_queries[0]["sql"]


def test_a_kept_event_made_private_or_draft_is_gone_at_once(office):
    event = EventFactory(organisation=office, title="Elternabend")
    assert "Elternabend" in page(event)
    event.is_public = False
    event.save()
    assert Client().get(f"/en/events/{event.pk}/").status_code == 404
    assert "Elternabend" in page(event, key=event.invite_key)
    event.status = "draft"
    event.save()
    assert Client().get(f"/en/events/{event.pk}/", {"key": event.invite_key}).status_code == 404
    assert Client().get(f"/en/events/{event.pk + 1000}/").status_code == 404
