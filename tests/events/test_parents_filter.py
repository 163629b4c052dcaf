"""The public event list filtered for parents: no award ceremonies."""

from __future__ import annotations

import pytest
from django.test import Client

from kausa.events.models import Event
from tests.events.factories import EventFactory

pytestmark = pytest.mark.django_db


def test_parents_filter_leaves_out_award_ceremonies(office):
    EventFactory(organisation=office, title="Elternabend Mitte")
    EventFactory(organisation=office, title="Infotag", audience=Event.Audience.EVERYONE)
    EventFactory(
        organisation=office,
        title="Preisverleihung",
        type=Event.Type.AWARD,
        audience=Event.Audience.EVERYONE,
    )
    EventFactory(organisation=office, title="Gala", type=Event.Type.AWARD)  # audience: parents
    EventFactory(
        organisation=office, title="Firmentag", audience=Event.Audience.COMPANIES, type="showcase"
    )
    parents = Client().get("/en/events/", {"audience": "parents"}).content.decode()
    assert "Elternabend Mitte" in parents and "Infotag" in parents
    assert "Preisverleihung" not in parents and "Gala" not in parents
    assert "Firmentag" not in parents
    everything = Client().get("/en/events/").content.decode()
    assert "Preisverleihung" in everything and "Gala" in everything
    companies = Client().get("/en/events/", {"audience": "companies"}).content.decode()
    assert "Preisverleihung" in companies and "Firmentag" in companies


def test_the_api_parents_filter_leaves_out_award_ceremonies_too(office):
    EventFactory(organisation=office, title="Elternabend")
    EventFactory(organisation=office, title="Preisverleihung", type=Event.Type.AWARD)
    titles = [e["title"] for e in Client().get("/api/v1/events?audience=parents").json()]
    assert titles == ["Elternabend"]
