"""Registration mails: plain text plus HTML with the check-in QR code as an inline image."""

from __future__ import annotations

import email
import io
import re
from email import policy

import pytest
from django.core import mail
from PIL import Image

from kausa.events.checkin.qr import checkin_url, qr_png
from kausa.events.registration import services as registrations
from tests.events.factories import EventFactory

pytestmark = pytest.mark.django_db

BASE = "https://kausa.example"


@pytest.fixture(autouse=True)
def site_url(settings):
    """Links in mails come from KAUSA_SITE_URL, whoever triggered the mail."""
    settings.SITE_URL = BASE


def register(event, address, language="de", **kwargs):
    return registrations.registration_create(
        event_id=event.pk,
        name=kwargs.pop("name", "Fatma Yılmaz"),
        email=address,
        language=language,
        consent=True,
        **kwargs,
    ).registration


def parsed(message):
    """The message as a mail program receives it."""
    return email.message_from_bytes(message.message().as_bytes(), policy=policy.default)


def parts(message):
    tree = parsed(message)
    text = tree.get_body(preferencelist=("plain",))
    html = tree.get_body(preferencelist=("html",))
    images = [p for p in tree.walk() if p.get_content_type() == "image/png"]
    return tree, text.get_content(), html.get_content(), images


def pixels(png: bytes) -> tuple[tuple[int, int], bytes]:
    image = Image.open(io.BytesIO(png))
    image.verify()  # a whole, valid PNG
    image = Image.open(io.BytesIO(png)).convert("1")
    return image.size, image.tobytes()


def test_confirmation_has_html_with_the_qr_code_inline(office, django_capture_on_commit_callbacks):
    event = EventFactory(organisation=office)
    with django_capture_on_commit_callbacks(execute=True):
        registration = register(event, "fatma@mail.test", "de")
    [message] = mail.outbox
    tree, text, html, images = parts(message)

    assert tree.get_content_type() == "multipart/related"
    assert [t for _c, t in message.alternatives] == ["text/html"]
    [image] = images
    content_id = image["Content-ID"].strip("<>")
    assert f'src="cid:{content_id}"' in html
    assert image.get_content_disposition() == "inline"
    png = image.get_content()
    size, data = pixels(png)
    assert 150 <= size[0] == size[1] <= 600  # square and readable on a phone
    # the picture is the QR code of the staff check-in link of this registration
    scan = checkin_url(registration.checkin_code)
    assert scan == f"{BASE}/de/staff/events/check-in/{registration.checkin_code}/"
    assert (size, data) == pixels(qr_png(scan))

    # the text part keeps the code and the personal link for mail programs without HTML
    link = f"{BASE}/de/events/registration/{registration.token}/"
    assert registration.checkin_code in text and link in text
    assert registration.checkin_code in html and f'href="{link}"' in html
    assert 'lang="de" dir="ltr"' in html


def test_arabic_recipient_gets_right_to_left_html(office, django_capture_on_commit_callbacks):
    event = EventFactory(organisation=office)
    with django_capture_on_commit_callbacks(execute=True):
        registration = register(event, "amal@mail.test", "ar", name="Amal <b>")
    _tree, text, html, images = parts(mail.outbox[0])
    assert '<html lang="ar" dir="rtl">' in html and '<body dir="rtl"' in html
    assert "فريق KAUSA" in html and "فريق KAUSA" in text
    assert "Amal &lt;b&gt;" in html  # what people type is escaped in HTML
    assert '<strong dir="ltr"' in html and registration.checkin_code in html
    assert "/ar/events/registration/" in text
    assert len(images) == 1


def test_promotion_mail_carries_the_qr_code(office, django_capture_on_commit_callbacks):
    event = EventFactory(organisation=office, capacity=1)
    seat = register(event, "seat@mail.test")
    waiting = register(event, "wait@mail.test", "en")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        registrations.registration_cancel(token=seat.token)
    [message] = mail.outbox
    assert message.to == ["wait@mail.test"]
    _tree, text, html, images = parts(message)
    assert len(images) == 1 and "cid:" in html
    waiting.refresh_from_db()
    assert waiting.checkin_code in text
    assert f"{BASE}/en/events/registration/{waiting.token}/" in text


def test_waitlist_mail_has_html_but_no_qr_code(office, django_capture_on_commit_callbacks):
    event = EventFactory(organisation=office, capacity=1)
    register(event, "seat@mail.test")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        register(event, "wait@mail.test")
    tree, _text, html, images = parts(mail.outbox[0])
    assert tree.get_content_type() == "multipart/alternative"
    assert images == [] and "cid:" not in html


def test_subject_is_not_html_escaped(office, django_capture_on_commit_callbacks):
    event = EventFactory(organisation=office, title="Eltern & Kinder")
    with django_capture_on_commit_callbacks(execute=True):
        register(event, "a@mail.test")
    assert "Eltern & Kinder" in mail.outbox[0].subject
    assert re.search(r"Eltern &amp; Kinder", mail.outbox[0].alternatives[0][0])


def test_confirmation_page_qr_points_to_the_staff_check_in(office):
    from django.test import Client

    event = EventFactory(organisation=office)
    registration = register(event, "page@mail.test", "ar")
    page = Client().get(f"/ar/events/registration/{registration.token}/").content.decode()
    assert 'src="data:image/svg+xml' in page
    assert registration.checkin_code in page
