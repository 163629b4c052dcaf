"""Nobody can make Kausa mail one address more than a few times an hour."""

from __future__ import annotations

import pytest
import time_machine
from django.core import mail
from django.core.mail import EmailMessage, send_mail
from django.test import Client, override_settings

from tests.events.factories import EventFactory

pytestmark = pytest.mark.django_db

LIMITED = override_settings(
    EMAIL_BACKEND="kausa.core.mail.RecipientLimitedBackend",
    KAUSA_EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
    KAUSA_MAIL_PER_RECIPIENT_PER_HOUR=5,
)


@LIMITED
def test_one_address_gets_at_most_five_mails_an_hour(caplog):
    with time_machine.travel("2026-03-02 10:05", tick=False):
        sent = [send_mail("Hallo", "Text", None, ["Stranger@Mail.test"]) for _ in range(8)]
        assert sent == [1] * 5 + [0] * 3
        assert len(mail.outbox) == 5
        assert "stranger" not in caplog.text.lower()  # the log names no address
        assert "message dropped" in caplog.text
    with time_machine.travel("2026-03-02 11:01", tick=False):
        assert send_mail("Hallo", "Text", None, ["stranger@mail.test"]) == 1


@LIMITED
def test_others_on_the_same_message_still_get_it():
    for _ in range(5):
        send_mail("Hallo", "Text", None, ["full@mail.test"])
    message = EmailMessage("Hallo", "Text", None, ["Full <full@mail.test>", "fresh@mail.test"])
    assert message.send() == 1
    assert mail.outbox[-1].to == ["fresh@mail.test"]


@LIMITED
def test_registrations_cannot_flood_a_strangers_inbox(settings, django_capture_on_commit_callbacks):
    settings.KAUSA_RATELIMIT_PER_CONTACT = "off"  # only the mail cap stands in the way here
    events = [EventFactory() for _ in range(7)]
    for number, event in enumerate(events):
        with django_capture_on_commit_callbacks(execute=True):
            response = Client(REMOTE_ADDR=f"10.9.0.{number}").post(
                f"/api/v1/events/{event.pk}/registrations",
                {"name": "Spam", "email": "victim@mail.test", "consent": True},
                content_type="application/json",
            )
        assert response.status_code == 201
    assert len([m for m in mail.outbox if m.to == ["victim@mail.test"]]) == 5
