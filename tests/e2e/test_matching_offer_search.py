"""A young person on a phone finds apprenticeship offers by postal code and opens one."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.e2e


def test_young_person_searches_offers_by_postal_code_on_a_phone(browser, demo_site):
    context = browser.new_context(viewport={"width": 360, "height": 740}, locale="en-GB")
    page = context.new_page()
    page.set_default_timeout(15000)
    try:
        page.goto(f"{demo_site.url}/en/offers/")
        page.get_by_label("Postal code").fill("10115")
        page.get_by_label("Distance").select_option("25")
        page.get_by_role("button", name="Search").click()
        page.wait_for_url("**/en/offers/?*")
        # the results come first: their heading has the focus at the top of the screen, the
        # form is folded into "Change search" above it and opens again
        heading = page.locator("#results-title")
        page.wait_for_function("document.activeElement.id === 'results-title'")
        top = heading.evaluate("h => h.getBoundingClientRect().top")
        assert 0 <= top < 40, f"the results heading is {top} px from the top"
        assert "10115 Berlin" in heading.inner_text()
        assert not page.get_by_label("Postal code").is_visible()
        page.get_by_text("Change search").click()
        assert page.get_by_label("Postal code").input_value() == "10115"
        results = page.locator(".mt-hit")
        assert results.count() >= 5
        first = results.first
        assert "km" in first.locator(".mt-company").inner_text()
        assert first.locator(".mt-reason").count() == 5
        # the map draws its markers even without tiles
        page.wait_for_selector("#offer-map[data-ready='1']")
        assert page.locator(".mt-marker").count() >= 5
        title = first.locator("h3 a").inner_text()
        first.locator("h3 a").click()
        page.wait_for_url("**/en/offers/*/")
        assert page.get_by_role("heading", level=1).inner_text() == title
        assert page.get_by_role("heading", name="How to apply").is_visible()
        assert page.get_by_role("heading", name="Talk to an advisor").is_visible()
        no_horizontal_scroll = page.evaluate(
            "document.documentElement.scrollWidth <= window.innerWidth + 1"
        )
        assert no_horizontal_scroll
    finally:
        context.close()
