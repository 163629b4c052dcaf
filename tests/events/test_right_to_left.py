"""German names (event titles, venues, offices, people) on right-to-left event pages (Arabic,
Farsi) are isolated, so that their punctuation stays at their own end."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.events.factories import EventFactory, StationFactory

pytestmark = pytest.mark.django_db


def form_data(**overrides):
    return {
        "name": "Ayşe Demir",
        "email": "",
        "phone": "0176 1234567",
        "language": "ar",
        "party_size": "1",
        "consent": "on",
    } | overrides


def test_german_names_are_isolated_on_arabic_event_pages(office):
    event = EventFactory(
        organisation=office, title="Elternabend (Mitte).", venue="Haus am See e.V."
    )
    listing = Client().get("/ar/events/").content.decode()
    # a German title on an Arabic page: marked German, so it runs left to right
    assert '<h2 lang="de" dir="ltr">' in listing
    assert "<bdi>Haus am See e.V.</bdi>" in listing and f"<bdi>{office.name}</bdi>" in listing
    detail = Client().get(f"/ar/events/{event.pk}/").content.decode()
    assert '<h1 lang="de" dir="ltr">Elternabend (Mitte).</h1>' in detail
    assert "<bdi>Haus am See e.V.</bdi>" in detail
    assert f'<p class="muted" dir="auto">{office.name}</p>' in detail
    register = Client().get(f"/ar/events/{event.pk}/register/").content.decode()
    assert "<bdi>Elternabend (Mitte).</bdi>" in register
    response = Client().post(f"/ar/events/{event.pk}/register/", form_data(), follow=True)
    confirmation = response.content.decode()
    assert 'dir="auto">Elternabend (Mitte).</a>' in confirmation
    assert "<bdi>Ayşe Demir</bdi>" in confirmation


def test_stations_and_the_german_description_keep_their_direction_in_farsi(office):
    station = StationFactory(event__organisation=office, name="Boxclub Nord e.V.")
    page = Client().get(f"/fa/events/{station.event.pk}/").content.decode()
    assert 'dir="rtl"' in page
    assert "<bdi>Boxclub Nord e.V.</bdi>" in page
    assert '<td dir="auto">Halle 1</td>' in page
    german = '<div lang="de" dir="ltr"><p>Wie funktioniert die Ausbildung in Deutschland?</p></div>'
    assert german in page
