"""Someone on a phone finds their KAUSA office from the landing page and the legal pages
fit the screen (issue 14, item 5): no sideways scrolling at 360 px, also right-to-left."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.e2e

WIDE = "document.documentElement.scrollWidth > window.innerWidth + 1"
PAGES = ("offices/", "offices/ls-berlin/", "imprint/", "privacy/", "accessibility/")


@pytest.fixture
def office_site(transactional_db, live_server):
    from kausa.reference.loaders import load_reference
    from tests.factories import OrganisationFactory

    load_reference()
    OrganisationFactory(
        name="KAUSA Landesstelle Berlin",
        slug="ls-berlin",
        kind="landesstelle",
        street="Alte Jakobstraße 85",
        postal_code="10179",
        phone="030 23125 410",
        public_email="landesstelle.berlin@kausa.example",
        opening_hours="Mo–Do 9–17 Uhr, Fr 9–14 Uhr; Beratung auch nach Vereinbarung",
        website="https://berlin.kausa.example/",
    )
    return live_server


def test_phone_user_reaches_an_office_from_the_landing_page(browser, office_site):
    context = browser.new_context(viewport={"width": 360, "height": 740}, locale="de-DE")
    page = context.new_page()
    page.set_default_timeout(15000)
    try:
        page.goto(f"{office_site.url}/de/")
        page.locator(".audience .actions a[href='/de/offices/']").first.click()
        page.wait_for_url("**/de/offices/")
        page.locator("#id_plz").fill("10115")
        page.locator(".office-finder button").click()
        page.wait_for_url("**/de/offices/?plz=10115")
        page.locator(".office-found a[href='/de/offices/ls-berlin/']").click()
        page.wait_for_url("**/de/offices/ls-berlin/")
        assert page.locator("a[href='tel:03023125410']").is_visible()
        assert page.locator("a[href='mailto:landesstelle.berlin@kausa.example']").is_visible()
        # the map draws its circle even when no tile loads
        page.wait_for_selector("#office-map path.leaflet-interactive", state="attached")
        for lang in ("de", "ar", "uk", "ru"):
            for path in PAGES:
                page.goto(f"{office_site.url}/{lang}/{path}")
                assert not page.evaluate(WIDE), f"/{lang}/{path} scrolls sideways at 360 px"
    finally:
        context.close()
