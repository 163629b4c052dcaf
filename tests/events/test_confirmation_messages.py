"""What people are told after registering when they gave only a phone number (no e-mail
and no text message is sent) or when the event is online (no entrance, a video room)."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.test import Client

from kausa.events.models import Registration
from tests.events.factories import EventFactory, RegistrationFactory

pytestmark = pytest.mark.django_db


def form_data(**overrides):
    return {
        "name": "Ayşe Demir",
        "email": "",
        "phone": "0176 1234567",
        "language": "en",
        "party_size": "1",
        "consent": "on",
    } | overrides


def non_field_errors(page: str) -> str:
    found = re.search(r'<div class="form-errors" role="alert">(.*?)</div>', page, re.S)
    assert found, "no error above the form"
    return found.group(1)


@pytest.mark.parametrize(("phone", "told"), [("030 123456", "please call"), ("", "please contact")])
def test_phone_only_registered_again_is_not_sent_to_a_confirmation_email(office, phone, told):
    office.phone = phone
    office.save()
    event = EventFactory(organisation=office)
    Client().post(f"/en/events/{event.pk}/register/", form_data())
    again = Client().post(f"/en/events/{event.pk}/register/", form_data())  # another browser
    assert again.status_code == 200
    message = non_field_errors(again.content.decode())
    assert "already registered" in message and "e-mail" not in message
    assert "We do not send text messages" in message
    assert "the page shown right after you registered" in message
    assert told in message and office.name in message and phone in message
    assert Registration.objects.get().token not in again.content.decode()


def test_email_registered_again_is_still_sent_to_the_confirmation_email(office):
    event = EventFactory(organisation=office)
    Client().post(f"/en/events/{event.pk}/register/", form_data(email="a@mail.test"))
    again = Client().post(f"/en/events/{event.pk}/register/", form_data(email="a@mail.test"))
    assert "The personal link is in the confirmation e-mail." in non_field_errors(
        again.content.decode()
    )


def test_phone_only_confirmation_page_is_the_confirmation(office):
    event = EventFactory(organisation=office)
    response = Client().post(f"/en/events/{event.pk}/register/", form_data(), follow=True)
    page = response.content.decode()
    assert "data-no-email" in page
    assert "we send you no e-mail and no text message: this page is your confirmation" in page
    assert not mail.outbox


def test_with_an_email_the_confirmation_page_does_not_say_nothing_is_sent(office):
    event = EventFactory(organisation=office)
    response = Client().post(
        f"/en/events/{event.pk}/register/", form_data(email="b@mail.test"), follow=True
    )
    assert "data-no-email" not in response.content.decode()


def test_phone_only_on_the_waitlist_is_not_promised_a_message(office):
    event = EventFactory(organisation=office, capacity=1)
    RegistrationFactory(event=event)
    page = Client().post(f"/en/events/{event.pk}/register/", form_data(), follow=True)
    page = page.content.decode()
    assert "Position 1 on the waitlist. Look at this page again" in page
    assert "We will write to you" not in page


def test_the_form_says_before_that_no_text_message_is_sent(office):
    event = EventFactory(organisation=office)
    page = Client().get(f"/en/events/{event.pk}/register/").content.decode()
    assert "We send no text messages." in page


# --- online events --------------------------------------------------------------------


def test_online_confirmation_page_says_how_to_join_instead_of_the_entrance(office):
    event = EventFactory(organisation=office, is_online=True)
    response = Client().post(
        f"/en/events/{event.pk}/register/", form_data(email="c@mail.test"), follow=True
    )
    page = response.content.decode()
    assert "Show this code at the entrance" not in page
    assert "data:image/svg+xml" not in page  # no QR code for a door there is not
    join = re.search(r"<section class=\"ev-join\".*?</section>", page, re.S).group(0)
    assert "How to join" in join and f'href="{event.room_url}"' in join
    assert "Join the video room" in join


def test_venue_confirmation_page_still_shows_the_code_for_the_entrance(office):
    event = EventFactory(organisation=office)
    response = Client().post(
        f"/en/events/{event.pk}/register/", form_data(email="d@mail.test"), follow=True
    )
    page = response.content.decode()
    assert "Show this code at the entrance" in page and "data:image/svg+xml" in page
    assert "ev-join" not in page


def test_online_confirmation_mail_says_how_to_join_instead_of_the_entrance(
    office, django_capture_on_commit_callbacks
):
    event = EventFactory(organisation=office, is_online=True)
    with django_capture_on_commit_callbacks(execute=True):
        Client().post(f"/en/events/{event.pk}/register/", form_data(email="e@mail.test"))
    [message] = mail.outbox
    html = message.alternatives[0][0]
    registration = Registration.objects.get()
    for part in (message.body, html):
        assert "entrance" not in part and registration.checkin_code not in part
        assert event.room_url in part and "Open the link a few minutes before the start" in part
    assert "Join the video room" in html and "cid:" not in html
    assert not message.attachments  # no QR code image
