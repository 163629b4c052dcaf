from __future__ import annotations

import pytest

from tests.conftest import login
from tests.events.factories import EventFactory, RegistrationFactory

pytestmark = pytest.mark.django_db


def test_event_admin_is_scoped_to_the_office(advisor, other_office_advisor, office):
    event = EventFactory(organisation=office, title="Eigenes Event")
    url = f"/en/admin/events/event/{event.pk}/change/"
    assert login(advisor).get(url).status_code == 200
    assert login(other_office_advisor).get(url).status_code == 404
    listing = login(other_office_advisor).get("/en/admin/events/event/").content.decode()
    assert "Eigenes Event" not in listing


def test_registrations_are_read_only_in_the_admin(advisor, office):
    registration = RegistrationFactory(event=EventFactory(organisation=office))
    client = login(advisor)
    assert client.get("/en/admin/events/registration/add/").status_code == 403
    page = client.get(f"/en/admin/events/registration/{registration.pk}/change/")
    assert page.status_code == 200
    assert registration.token not in page.content.decode()
