"""Keep an offer (issue 16, item 2) on a phone: saved from the search results by keyboard,
listed on "My offers", still there offline, removed again."""

from __future__ import annotations

import pytest

from kausa.matching.index import offer_index_invalidate
from tests.factories import OrganisationFactory
from tests.matching.factories import offer_at

pytestmark = pytest.mark.e2e

KEPT = r"""async () => {
  if (!navigator.serviceWorker.controller) return false;
  const cache = await caches.open("kausa-offers-v1");
  const paths = (await cache.keys()).map((r) => new URL(r.url).pathname);
  return paths.includes(location.pathname) && paths.some((p) => p.endsWith("offers-saved.js"))
    && paths.some((p) => /\/en\/offers\/\d+\/$/.test(p));
}"""


def test_saved_offer_is_on_my_offers_also_offline(
    browser, transactional_db, live_server, reference_restored
):
    from kausa.reference.loaders import load_reference

    load_reference()
    office = OrganisationFactory(name="KAUSA Servicestelle Berlin", slug="keep-berlin")
    offer = offer_at(office, "10115", name="Autohaus Merkmal GmbH")
    offer_at(office, "10117", occ="Verkäufer/in", name="Modehaus Anders")
    offer_index_invalidate(full=True)

    context = browser.new_context(viewport={"width": 360, "height": 740}, locale="en-GB")
    page = context.new_page()
    page.set_default_timeout(15000)
    page.route("https://tile.openstreetmap.org/**", lambda route: route.abort())
    try:
        page.goto(f"{live_server.url}/en/offers/?plz=10115")
        save = page.locator(f'[data-save-offer][data-id="{offer.pk}"]')
        save.wait_for()  # shown by the script
        assert save.get_attribute("aria-pressed") == "false"
        save.focus()
        page.keyboard.press("Enter")
        page.wait_for_function(
            f"document.querySelector('[data-save-offer][data-id=\"{offer.pk}\"]')"
            ".getAttribute('aria-pressed') === 'true'"
        )
        page.locator("[data-saved-status]").get_by_text("Saved in").wait_for(state="attached")

        page.get_by_role("link", name="My offers").first.click()
        page.wait_for_url("**/en/offers/saved/")
        items = page.locator("[data-saved-list] li")
        items.first.wait_for()
        assert items.count() == 1
        text = items.first.inner_text()
        assert "Autohaus Merkmal GmbH" in text and "10115 Berlin" in text
        assert "August 1, 2027" in text or "1 August 2027" in text
        assert items.first.get_by_role("link").get_attribute("href") == f"/en/offers/{offer.pk}/"
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")

        # offline: the service worker brings back the page, the list comes from the device
        page.wait_for_function(KEPT, polling=250)
        context.set_offline(True)
        page.reload()
        items.first.wait_for()
        assert "Autohaus Merkmal GmbH" in items.first.inner_text()
        # the saved offer's own page opens offline too
        items.first.get_by_role("link").click()
        page.wait_for_url(f"**/en/offers/{offer.pk}/")
        assert page.get_by_role("heading", name="Share this offer").is_visible()
        page.go_back()
        items.first.wait_for()
        items.first.get_by_role("button", name="Remove").click()
        assert items.count() == 0
        assert page.locator("[data-saved-empty]").is_visible()
        assert page.evaluate("document.activeElement.id") == "saved-title"
    finally:
        context.close()
