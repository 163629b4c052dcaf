"""Offer alerts (issue 16, item 1) on a phone in Ukrainian: a young person saves a search,
confirms it by mail, gets a digest after an import brings a new matching offer, and
unsubscribes in one click."""

from __future__ import annotations

import datetime as dt
import re

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from kausa.alerts.models import Alert
from kausa.companies.services import ImportedOffer, offers_upsert_from_import
from tests.factories import OrganisationFactory, occupation, postal_code

pytestmark = pytest.mark.e2e

WIDE = "document.documentElement.scrollWidth > window.innerWidth + 1"


@pytest.fixture
def public_site(transactional_db, live_server, reference_restored):
    from kausa.reference.loaders import load_reference

    load_reference()
    office = OrganisationFactory(name="KAUSA Servicestelle Berlin", slug="berlin")
    return live_server, office


def _link(body: str, part: str) -> str:
    found = re.search(rf"https?://\S+{part}\S*", body)
    assert found, f"no link with {part} in the mail"
    return found.group(0)


def _on_site(base: str, url: str) -> str:
    """A link of a mail (built from KAUSA_SITE_URL) on the live server."""
    return base + "/" + url.split("/", 3)[3]


def _fits_the_phone(page) -> None:
    assert page.locator("html").get_attribute("lang") == "uk"
    assert not page.evaluate(WIDE), f"sideways scrolling on {page.url}"


def test_young_person_saves_a_search_in_ukrainian_confirms_gets_a_digest_and_unsubscribes(
    browser, public_site
):
    base, office = public_site
    context = browser.new_context(viewport={"width": 360, "height": 740}, locale="uk-UA")
    page = context.new_page()
    page.set_default_timeout(15000)
    try:
        page.goto(f"{base}/uk/offers/")
        page.locator("#id_plz").fill("10115")
        page.locator("#id_q").fill("Kfz-Mechatroniker")
        page.locator("button.mt-submit").click()
        page.wait_for_url("**/uk/offers/?*")
        page.locator("a[href*='/uk/offers/alerts/new/']").click()
        page.wait_for_url("**/uk/offers/alerts/new/?*")
        _fits_the_phone(page)
        assert page.locator("#id_plz").input_value() == "10115"  # the search comes along
        assert page.locator("#id_q").input_value() == "Kfz-Mechatroniker"
        page.get_by_label("Електронна пошта").fill("olena@mail.test")  # "E-mail"
        page.locator("#id_frequency_0").check()  # daily
        page.locator("button.mt-submit").click()
        page.wait_for_url("**/uk/offers/alerts/sent/")
        _fits_the_phone(page)

        [confirmation] = mail.outbox
        assert confirmation.to == ["olena@mail.test"]
        page.goto(_on_site(base, _link(confirmation.body, "/uk/offers/alerts/confirm/")))
        _fits_the_phone(page)
        page.locator("button.mt-submit").click()
        page.wait_for_url(re.compile(r".*/uk/offers/alerts/[\w-]{43}/$"))
        _fits_the_phone(page)
        alert = Alert.objects.get()
        assert alert.confirmed_at is not None and alert.language == "uk"

        # the next morning an office's import brings a new matching offer; the digest goes
        tomorrow = timezone.localtime() + dt.timedelta(days=1)
        with time_machine.travel(tomorrow.replace(hour=8, minute=0), tick=True):
            row = ImportedOffer(
                external_id="kfz-1",
                company_name="Autohaus Mitte GmbH",
                postal_code=postal_code("10115"),
                occupation=occupation("Kfz-Mechatroniker/in"),
                start_date=dt.date(tomorrow.year + 1, 8, 1),
            )
            offers_upsert_from_import(organisation=office, source="feed", rows={"kfz-1": row})
            call_command("send_offer_alerts")
        digest = mail.outbox[-1]
        assert len(mail.outbox) == 2 and digest.to == ["olena@mail.test"]
        assert "Autohaus Mitte GmbH" in digest.body
        assert digest.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"

        # the digest's link opens the offer
        page.goto(_on_site(base, _link(digest.body, "/offers/alerts/[\\w-]+/offers/")))
        page.wait_for_url("**/uk/offers/*/")
        _fits_the_phone(page)

        # and its unsubscribe link: one click and everything is gone
        page.goto(_on_site(base, _link(digest.body, "/uk/offers/alerts/unsubscribe/")))
        _fits_the_phone(page)
        with page.expect_navigation():
            page.locator("form.al-delete button[type=submit]").click()
        _fits_the_phone(page)
        assert page.locator("a[href='/uk/offers/alerts/new/']").is_visible()
        assert not Alert.objects.exists()
    finally:
        context.close()
