"""Offer search on a 360 px phone (issue 14, item 6): "use my location" names the place, the
results come first, and long German names wrap inside the screen in German, Arabic and Farsi."""

from __future__ import annotations

import pytest

from kausa.matching.index import offer_index_invalidate
from tests.factories import OrganisationFactory
from tests.matching.factories import offer_at

pytestmark = pytest.mark.e2e

LONG_OCCUPATION = "Verfahrenstechnologe/-technologin Mühlen- und Futtermittelwirtschaft"
LONG_COMPANY = "Großbäckerei und Futtermittelverarbeitungsgesellschaft Müller GmbH & Co. KG."
# an element of the page reaching out of the screen on either side, or text running out of
# its box (overflow to the left of a right-to-left page does not show in scrollWidth); the
# map clips its own tiles
OUTSIDE = """() => [...document.querySelectorAll("main *")]
    .filter(e => !e.closest(".leaflet-container"))
    .filter(e => { const r = e.getBoundingClientRect(); return r.width &&
        (r.left < -1 || r.right > window.innerWidth + 1 || (e.scrollWidth > e.clientWidth + 1
         && getComputedStyle(e).overflowX === "visible" && e.clientWidth)); })
    .map(e => e.tagName + "." + e.className + ": " + e.textContent.trim().slice(0, 40))"""


@pytest.fixture
def offers(transactional_db, live_server, reference_restored):
    from kausa.reference.loaders import load_reference

    load_reference()
    office = OrganisationFactory(name="KAUSA Servicestelle Berlin", slug="berlin")
    long = offer_at(office, "10115", occ=LONG_OCCUPATION, name=LONG_COMPANY)
    offer_at(office, "10117")
    offer_index_invalidate(full=True)  # not the index of an earlier journey's demo offers
    return live_server, long


def test_location_search_names_the_place_and_shows_the_results_first(browser, offers):
    base, _offer = offers
    context = browser.new_context(
        viewport={"width": 360, "height": 740},
        locale="en-GB",
        geolocation={"latitude": 52.532, "longitude": 13.384},
        permissions=["geolocation"],
    )
    page = context.new_page()
    page.set_default_timeout(15000)
    try:
        page.goto(f"{base}/en/offers/")
        page.get_by_role("button", name="Use my location").click()
        page.wait_for_url("**/en/offers/?*")
        page.wait_for_function("document.activeElement.id === 'results-title'")
        heading = page.locator("#results-title")
        assert heading.inner_text() == "2 offers near 10115 Berlin"
        assert 0 <= heading.evaluate("h => h.getBoundingClientRect().top") < 40
        assert "52.5" not in page.locator("main").inner_text()
    finally:
        context.close()


@pytest.mark.parametrize("lang", ["de", "ar", "fa"])
def test_long_german_names_stay_on_the_screen(browser, offers, lang):
    base, offer = offers
    context = browser.new_context(viewport={"width": 360, "height": 740})
    page = context.new_page()
    page.set_default_timeout(15000)
    try:
        for url in (f"/{lang}/offers/?plz=10115", f"/{lang}/offers/{offer.pk}/"):
            page.goto(base + url)
            page.wait_for_load_state("load")
            outside = page.evaluate(OUTSIDE)
            assert outside == [], f"out of the screen on {url}: {outside}"
            assert page.evaluate("document.documentElement.scrollWidth") <= 361, url
    finally:
        context.close()
