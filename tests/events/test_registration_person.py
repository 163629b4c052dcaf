"""A public registration is linked to a young person of the office: it joins their timeline."""

from __future__ import annotations

import pytest

from kausa.counselling.selectors import person_timeline
from kausa.events.models import Registration
from tests.conftest import login
from tests.counselling.factories import CaseFactory
from tests.events.factories import EventFactory, RegistrationFactory
from tests.factories import YoungPersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def event(office):
    return EventFactory(organisation=office, title="Infoabend Pflege")


def test_the_event_page_suggests_the_young_person_with_the_same_mail_or_name(
    advisor, office, event
):
    by_mail = YoungPersonFactory(organisation=office, email="rama@mail.test")
    by_name = YoungPersonFactory(organisation=office, first_name="Emre", last_name="Yildiz")
    RegistrationFactory(event=event, name="R. K.", email="RAMA@mail.test")
    RegistrationFactory(event=event, name="emre  yildiz", email="other@mail.test")
    RegistrationFactory(event=event, name="Niemand Bekannt", email="x@mail.test")
    html = login(advisor).get(f"/en/staff/events/{event.pk}/").content.decode()
    assert f"Link to {by_mail}" in html
    assert f"Link to {by_name}" in html
    assert html.count("Link to ") == 2


def test_linking_puts_the_event_in_the_timeline_and_unlinking_takes_it_out(advisor, office, event):
    person = YoungPersonFactory(organisation=office, email="rama@mail.test")
    CaseFactory(organisation=office, owner=advisor, young_person=person)
    registration = RegistrationFactory(event=event, email="rama@mail.test")
    client = login(advisor)
    url = f"/en/staff/events/{event.pk}/registrations/{registration.pk}/person/"
    response = client.post(url, {"person": person.pk}, follow=True)
    assert "the event shows in their timeline" in response.content.decode()
    registration.refresh_from_db()
    assert registration.young_person == person
    titles = [e.title for e in person_timeline(user=advisor, person=person)]
    assert "Infoabend Pflege" in titles
    client.post(url, {})
    registration.refresh_from_db()
    assert registration.young_person is None
    assert "Infoabend Pflege" not in [e.title for e in person_timeline(user=advisor, person=person)]


def test_a_person_of_another_office_cannot_be_linked(advisor, office, other_office, event):
    stranger = YoungPersonFactory(organisation=other_office, email="rama@mail.test")
    registration = RegistrationFactory(event=event, email="rama@mail.test")
    html = login(advisor).get(f"/en/staff/events/{event.pk}/").content.decode()
    assert "Link to" not in html  # no suggestion across offices
    response = login(advisor).post(
        f"/en/staff/events/{event.pk}/registrations/{registration.pk}/person/",
        {"person": stranger.pk},
    )
    assert response.status_code == 404
    registration.refresh_from_db()
    assert registration.young_person is None


def test_another_office_cannot_link_registrations_of_this_event(
    other_office_advisor, office, event
):
    person = YoungPersonFactory(organisation=office)
    registration = RegistrationFactory(event=event)
    response = login(other_office_advisor).post(
        f"/en/staff/events/{event.pk}/registrations/{registration.pk}/person/",
        {"person": person.pk},
    )
    assert response.status_code == 404
    assert Registration.objects.get(pk=registration.pk).young_person is None


def test_a_bad_person_id_is_404_not_500(advisor, event):
    registration = RegistrationFactory(event=event)
    response = login(advisor).post(
        f"/en/staff/events/{event.pk}/registrations/{registration.pk}/person/",
        {"person": "abc"},
    )
    assert response.status_code == 404
