"""Offer alerts through the pages, in Ukrainian: save a search, confirm by mail, a digest
after a new offer, unsubscribe by the page and by a mail program's one-click POST."""

from __future__ import annotations

import datetime as dt
import email
import email.policy
import re
from io import StringIO

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.utils import translation

from kausa.alerts.models import Alert, AlertSent
from kausa.companies.services import offer_create
from tests.alerts.factories import at, confirmed, subscribe, token
from tests.factories import CompanyFactory, occupation, postal_code

pytestmark = pytest.mark.django_db

FORM = {
    "email": "olena@mail.test",
    "plz": "10115",
    "radius_km": "25",
    "q": "Kfz-Mechatroniker",
    "german_level": "B1",
    "certificate": "",
    "frequency": "daily",
}


def _uk(text: str) -> str:
    with translation.override("uk"):
        return translation.gettext(text)


def _link(body: str, part: str) -> str:
    found = re.search(rf"https?://\S+{part}\S*", body)
    assert found, f"no link with {part} in the mail"
    return found.group(0)


def _path(url: str) -> str:
    return "/" + url.split("/", 3)[3]


def _parsed(message) -> email.message.EmailMessage:
    return email.message_from_bytes(message.message().as_bytes(), policy=email.policy.default)


def _offer_by_staff(advisor, office):
    code = postal_code("10115")
    company = CompanyFactory(
        organisation=office, postal_code=code, city=code.place, lat=code.lat, lon=code.lon
    )
    return offer_create(
        user=advisor,
        company=company,
        occupation_id=occupation("Kfz-Mechatroniker/in").pk,
        start_date=dt.date(2026, 8, 1),
        required_german="B1",
    )


def test_save_confirm_digest_and_unsubscribe_in_one_click_in_ukrainian(
    advisor, office, django_capture_on_commit_callbacks
):
    client = Client()
    with time_machine.travel(at(2, 9), tick=False):
        page = client.get("/uk/offers/alerts/new/?plz=10115&q=Kfz-Mechatroniker&radius_km=25")
        assert page.status_code == 200
        html = page.content.decode()
        assert '<html lang="uk" dir="ltr">' in html and 'value="10115"' in html
        with django_capture_on_commit_callbacks(execute=True):
            saved = client.post("/uk/offers/alerts/new/", FORM)
        assert saved.status_code == 303 and saved["Location"] == "/uk/offers/alerts/sent/"
    [confirmation] = mail.outbox
    assert confirmation.to == ["olena@mail.test"]
    assert _uk("Your KAUSA team") in confirmation.body
    assert 'lang="uk"' in confirmation.alternatives[0][0]
    confirm_url = _link(confirmation.body, "/uk/offers/alerts/confirm/")
    alert = Alert.objects.get()
    assert (alert.language, alert.query, alert.german_level) == ("uk", "Kfz-Mechatroniker", "B1")

    with time_machine.travel(at(2, 9, 5), tick=False):
        assert client.get(_path(confirm_url)).status_code == 200
        alert.refresh_from_db()
        assert alert.confirmed_at is None  # opening the link is not enough: a scanner might
        confirmed_page = client.post(_path(confirm_url))
        assert confirmed_page.status_code == 303
        assert confirmed_page["Location"] == f"/uk/offers/alerts/{token(alert)}/"
    alert.refresh_from_db()
    assert alert.confirmed_at == at(2, 9, 5)

    with time_machine.travel(at(2, 12), tick=False):
        offer = _offer_by_staff(advisor, office)
    with time_machine.travel(at(3, 8), tick=False):
        out = StringIO()
        call_command("send_offer_alerts", stdout=out)
        assert "Sent 1 digest(s)" in out.getvalue()
        call_command("send_offer_alerts", stdout=out)  # again: nothing more
    digest = mail.outbox[-1]
    assert len(mail.outbox) == 2
    assert AlertSent.objects.filter(alert=alert, offer=offer).exists()

    parsed = _parsed(digest)
    assert parsed.get_content_type() == "multipart/alternative"
    assert parsed["To"] == "olena@mail.test"
    unsubscribe_url = _link(digest.body, "/uk/offers/alerts/unsubscribe/")
    header = str(parsed["List-Unsubscribe"]).strip()  # folded: the value may start a line
    assert header.startswith(f"<{unsubscribe_url}>")
    assert re.search(r"<mailto:[^>]+@[^>]+>", header)
    assert parsed["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    html_part = parsed.get_body(("html",)).get_content()
    assert '<html lang="uk"' in html_part
    assert f"/uk/offers/alerts/{token(alert)}/offers/{offer.pk}/" in html_part

    # following the offer's link counts as a sign of life and leads to the offer
    with time_machine.travel(at(3, 9), tick=False):
        followed = client.get(_path(_link(digest.body, f"/offers/{offer.pk}/")))
    assert followed.status_code == 303 and followed["Location"] == f"/uk/offers/{offer.pk}/"
    alert.refresh_from_db()
    assert alert.last_opened_at == at(3, 9)

    # the link in the mail asks first; the mail program's one-click POST needs no CSRF token
    asked = client.get(_path(unsubscribe_url))
    assert asked.status_code == 200 and Alert.objects.filter(pk=alert.pk).exists()
    provider = Client(enforce_csrf_checks=True)
    done = provider.post(
        _path(unsubscribe_url),
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert done.status_code == 200
    assert not Alert.objects.exists() and not AlertSent.objects.exists()
    assert client.get(_path(unsubscribe_url)).status_code == 404
    assert provider.post(_path(unsubscribe_url)).status_code == 200  # a retry: same answer


def test_the_unsubscribe_button_of_the_page_deletes_the_alert():
    alert = confirmed()
    client = Client(enforce_csrf_checks=True)
    url = f"/uk/offers/alerts/unsubscribe/{token(alert)}/"
    page = client.get(url)
    assert page.status_code == 200 and page["Cache-Control"] == "no-store"
    assert 'method="post"' in page.content.decode()
    assert client.post(url, {"List-Unsubscribe": "One-Click"}).status_code == 200
    assert not Alert.objects.filter(pk=alert.pk).exists()


def test_an_invalid_address_shows_the_form_again_with_the_message_in_ukrainian():
    response = Client().post("/uk/offers/alerts/new/", FORM | {"email": "olena-at-mail"})
    assert response.status_code == 400
    page = response.content.decode()
    message = _uk("Enter a valid email address.")
    assert message != "Enter a valid email address." and message in page
    [field] = re.findall(r'<input[^>]*name="email"[^>]*>', page)
    assert "autofocus" in field and 'type="email"' in field  # the keyboard lands on it
    assert not Alert.objects.exists() and not mail.outbox


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"plz": "99999"}, "plz"),
        ({"plz": "12ab3"}, "plz"),
        ({"radius_km": "7"}, "radius_km"),
        ({"q": "Astronautin auf dem Mond"}, "q"),
        ({"frequency": "hourly"}, "frequency"),
        ({"german_level": "Z9"}, "german_level"),
    ],
)
def test_a_search_that_cannot_be_saved_is_shown_again_with_a_400(changes, field):
    response = Client().post("/en/offers/alerts/new/", FORM | changes)
    assert response.status_code == 400
    assert response.context["form"].errors.get(field)
    assert not Alert.objects.exists()


@pytest.mark.parametrize(
    "url",
    [
        "/uk/offers/alerts/confirm/{bad}/",
        "/uk/offers/alerts/{bad}/",
        "/uk/offers/alerts/unsubscribe/{bad}/",
        "/uk/offers/alerts/{bad}/search/",
        "/uk/offers/alerts/confirm/short/",
    ],
)
def test_a_wrong_token_gets_404(url):
    alert = confirmed()
    bad = token(alert)[::-1]
    assert Client().get(url.format(bad=bad)).status_code == 404


def test_deleting_with_a_wrong_token_gets_404_and_deletes_nothing():
    alert = confirmed()
    assert Client().post(f"/uk/offers/alerts/{token(alert)[::-1]}/delete/").status_code == 404
    assert Alert.objects.filter(pk=alert.pk).exists()


def test_the_manage_page_changes_the_search_and_deletes_it():
    alert = confirmed()
    client = Client()
    url = f"/uk/offers/alerts/{token(alert)}/"
    page = client.get(url)
    assert page.status_code == 200 and page["Cache-Control"] == "no-store"
    assert "olena@mail.test" in page.content.decode()
    changed = client.post(url, FORM | {"email": "", "frequency": "weekly", "radius_km": "50"})
    assert changed.status_code == 303
    alert.refresh_from_db()
    assert (alert.frequency, alert.radius_km, alert.email) == ("weekly", 50, "olena@mail.test")
    refused = client.post(url, FORM | {"plz": "99999"})
    assert refused.status_code == 400
    deleted = client.post(f"{url}delete/")
    assert deleted.status_code == 303 and deleted["Location"] == "/uk/offers/alerts/deleted/"
    assert not Alert.objects.exists()
    assert client.get(url).status_code == 404


def test_an_unconfirmed_alerts_page_leads_to_the_confirmation():
    alert = subscribe()
    response = Client().get(f"/uk/offers/alerts/{token(alert)}/")
    assert response.status_code == 302
    assert response["Location"] == f"/uk/offers/alerts/confirm/{token(alert)}/"


def test_the_search_results_offer_to_save_the_search():
    page = Client().get("/uk/offers/?plz=10115&q=Kfz&radius_km=25").content.decode()
    assert "/uk/offers/alerts/new/?plz=10115&amp;q=Kfz&amp;radius_km=25" in page


def test_one_address_cannot_be_mailed_more_than_a_few_times_an_hour(settings):
    settings.KAUSA_RATELIMIT_PER_CONTACT = "2/h"
    statuses = [
        Client(REMOTE_ADDR=f"10.0.0.{n}").post("/uk/offers/alerts/new/", FORM).status_code
        for n in range(3)
    ]
    assert statuses == [303, 303, 429]
