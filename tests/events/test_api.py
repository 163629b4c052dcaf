from __future__ import annotations

import pytest
from django.test import Client

from kausa.events.models import Registration
from tests.events.factories import EventFactory

pytestmark = pytest.mark.django_db


def post(event, **payload):
    body = {"name": "Omar", "email": "omar@mail.test", "consent": True} | payload
    return Client().post(
        f"/api/v1/events/{event.pk}/registrations", body, content_type="application/json"
    )


def test_list_shows_public_events_only_and_filters(office):
    EventFactory(organisation=office, title="Offen", type="jump", languages=["de", "ar"])
    EventFactory(organisation=office, title="Geheim", is_public=False)
    data = Client().get("/api/v1/events").json()
    assert [e["title"] for e in data] == ["Offen"]
    assert Client().get("/api/v1/events?type=award").json() == []
    assert len(Client().get("/api/v1/events?language=ar").json()) == 1
    assert Client().get("/api/v1/events?type=nonsense").status_code == 422


def test_detail_in_requested_language(office):
    event = EventFactory(organisation=office, title="Elternabend")
    event.translations.create(language="en", title="Parent evening")
    assert Client().get(f"/api/v1/events/{event.pk}?lang=en").json()["title"] == "Parent evening"
    assert Client().get("/api/v1/events/999999").status_code == 404


def test_register_then_conflict_then_cancel(office):
    event = EventFactory(organisation=office, capacity=1)
    first = post(event)
    assert first.status_code == 201
    assert first.json()["status"] == "confirmed" and first.json()["waitlist_position"] is None
    again = post(event)
    assert again.status_code == 409 and "already registered" in again.json()["detail"]
    assert "confirmation e-mail" in again.json()["detail"]
    full = post(event, email="second@mail.test")
    assert full.status_code == 201
    assert full.json()["status"] == "waitlisted" and full.json()["waitlist_position"] == 1
    cancel = Client().delete(f"/api/v1/registrations/{first.json()['token']}")
    assert cancel.json() == {"status": "cancelled", "promoted": 1}
    assert Registration.objects.get(email="second@mail.test").status == "confirmed"
    assert Client().delete("/api/v1/registrations/unknown").status_code == 404


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"consent": False}, "consent"),
        ({"email": "not-an-email"}, "email"),
        ({"party_size": 50}, "party_size"),
        ({"language": "xx"}, "language"),
        ({"email": "", "phone": ""}, "email"),
    ],
)
def test_bad_input_is_422_with_reasons(office, payload, field):
    event = EventFactory(organisation=office)
    response = post(event, **payload)
    assert response.status_code == 422
    assert field in response.json()["detail"]
    assert not Registration.objects.exists()


def test_extra_fields_are_ignored(office):
    event = EventFactory(organisation=office, capacity=1)
    post(event, email="a@mail.test")
    response = post(event, email="b@mail.test", status="confirmed", organisation=99)
    assert response.json()["status"] == "waitlisted"


def test_a_phone_only_registrant_is_not_sent_to_an_email(office):
    office.phone = "030 1234567"
    office.save()
    event = EventFactory(organisation=office)
    assert post(event, email="", phone="0151 2345678").status_code == 201
    again = post(event, email="", phone="0151 2345678")
    assert again.status_code == 409
    detail = again.json()["detail"]
    assert "e-mail" not in detail.split("No e-mail")[1]
    assert office.name in detail and "030 1234567" in detail
