"""Offices' contact pages and the legal pages (issue 14, item 5)."""

from __future__ import annotations

import pytest
from django.test import Client, override_settings

from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def berlin_office():
    return OrganisationFactory(
        name="KAUSA Landesstelle Berlin",
        slug="ls-berlin",
        kind="landesstelle",
        street="Alte Jakobstraße 85",
        postal_code="10179",
        city="Berlin",
        phone="030 23125 410",
        public_email="landesstelle.berlin@kausa.example",
        opening_hours="Mo–Do 9–17 Uhr",
        website="https://berlin.kausa.example/",
    )


def test_office_page_shows_address_phone_email_and_hours(berlin_office):
    response = Client().get("/de/offices/ls-berlin/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "KAUSA Landesstelle Berlin" in html
    assert "Alte Jakobstraße 85" in html
    assert "10179 Berlin" in html
    assert 'href="tel:03023125410"' in html
    assert 'href="mailto:landesstelle.berlin@kausa.example"' in html
    assert "Mo–Do 9–17 Uhr" in html
    assert "https://berlin.kausa.example/" in html
    # the way on: a map of the postal code's area, OpenStreetMap, and the public forms
    assert 'id="office-map"' in html
    assert "https://www.openstreetmap.org/search?query=Alte+Jakobstra" in html
    assert "/de/network/become-a-training-company/" in html
    assert "/de/offers/?plz=10179" in html
    assert "/de/ambassadors/visit/" in html


def test_office_without_a_known_postal_code_has_no_map_but_a_link(berlin_office):
    berlin_office.postal_code = "00000"
    berlin_office.save()
    html = Client().get("/de/offices/ls-berlin/").content.decode()
    assert 'id="office-map"' not in html
    assert "leaflet.js" not in html
    assert "openstreetmap.org/search" in html


def test_unknown_office_is_404(berlin_office):
    assert Client().get("/de/offices/no-such-office/").status_code == 404


def test_inactive_office_is_404_and_not_listed(berlin_office):
    berlin_office.is_active = False
    berlin_office.save()
    client = Client()
    assert client.get("/de/offices/ls-berlin/").status_code == 404
    assert "KAUSA Landesstelle Berlin" not in client.get("/de/offices/").content.decode()


def test_partner_organisation_has_no_public_page():
    OrganisationFactory(name="Jugendberufsagentur Test", slug="jba", kind="jba")
    assert Client().get("/de/offices/jba/").status_code == 404
    assert "Jugendberufsagentur Test" not in Client().get("/de/offices/").content.decode()


def test_office_list_shows_every_office_with_its_contact(berlin_office):
    OrganisationFactory(name="KAUSA Servicestelle Hamburg", slug="ss-hamburg", state="HH")
    html = Client().get("/de/offices/").content.decode()
    assert 'href="/de/offices/ls-berlin/"' in html
    assert 'href="/de/offices/ss-hamburg/"' in html
    assert 'href="tel:03023125410"' in html
    assert "Mo–Do 9–17 Uhr" in html


def test_find_your_office_by_postal_code(berlin_office):
    OrganisationFactory(name="KAUSA Servicestelle Hamburg", slug="ss-hamburg", state="HH")
    html = Client().get("/de/offices/?plz=10115").content.decode()
    assert 'id="found-title"' in html
    found = html.split('id="found-title"', 1)[1].split("</section>", 1)[0]
    assert "KAUSA Landesstelle Berlin" in found
    assert "Hamburg" not in found


@pytest.mark.parametrize("plz", ["99999", "abc", "1"])
def test_find_your_office_says_so_when_nothing_is_found(plz):
    response = Client().get(f"/de/offices/?plz={plz}")
    assert response.status_code == 200
    assert 'id="found-title"' not in response.content.decode()
    assert 'class="form-errors"' in response.content.decode()


def test_landing_page_contact_buttons_lead_to_the_offices(berlin_office):
    html = Client().get("/de/").content.decode()
    assert 'href="#offices"' not in html
    assert html.count('href="/de/offices/"') >= 3
    assert 'href="/de/offices/ls-berlin/"' in html


@pytest.mark.parametrize("lang", ["de", "ar"])
def test_footer_links_to_the_legal_pages(lang):
    html = Client().get(f"/{lang}/").content.decode()
    footer = html.split('<footer class="site-footer">', 1)[1]
    for path in ("offices/", "imprint/", "privacy/", "accessibility/"):
        assert f'href="/{lang}/{path}"' in footer


@override_settings(
    KAUSA_OPERATOR_NAME="Bildungswerk Beispiel gGmbH",
    KAUSA_OPERATOR_ADDRESS="Beispielweg 7, 99084 Erfurt",
    KAUSA_OPERATOR_EMAIL="info@bildungswerk.example",
    KAUSA_DPO_EMAIL="dsb@bildungswerk.example",
)
def test_legal_pages_name_the_configured_operator(berlin_office):
    client = Client()
    imprint = client.get("/de/imprint/").content.decode()
    assert "Bildungswerk Beispiel gGmbH" in imprint
    assert "Beispielweg 7, 99084 Erfurt" in imprint
    assert "mailto:info@bildungswerk.example" in imprint

    privacy = client.get("/de/privacy/").content.decode()
    assert "mailto:dsb@bildungswerk.example" in privacy
    assert "Art. 6 Abs. 1 lit. a" in privacy and "Art. 6 Abs. 1 lit. e" in privacy
    assert "Art. 15" in privacy and "Art. 17" in privacy and "Art. 77" in privacy
    # the retention period of each office, as set on the office
    assert "KAUSA Landesstelle Berlin" in privacy and "1095" in privacy
    assert "tile.openstreetmap.org" in privacy and "{z}" not in privacy

    statement = client.get("/de/accessibility/").content.decode()
    assert "BITV 2.0" in statement and "EN 301 549" in statement
    assert "mailto:info@bildungswerk.example" in statement
    assert "schlichtungsstelle-bgg.de" in statement


@pytest.mark.parametrize("path", ["offices/", "imprint/", "privacy/", "accessibility/"])
def test_public_pages_have_one_h1_and_are_right_to_left_in_arabic(path, berlin_office):
    html = Client().get(f"/ar/{path}").content.decode()
    assert '<html lang="ar" dir="rtl">' in html
    assert html.count("<h1") == 1
