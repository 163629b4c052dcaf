"""A young person plans a tour on a 360 px phone, starts it and checks in by location."""

from __future__ import annotations

import pytest

from kausa.jobwalk.models import PlannedTour, Tour

pytestmark = pytest.mark.e2e


def test_planned_tour_is_started_and_a_station_checked_in_by_location(
    browser, demo_site, monkeypatch
):
    monkeypatch.setattr("kausa.network.spam.MIN_FILL_SECONDS", 0)  # no wait for the bot check
    tour = Tour.objects.filter(status="published").first()
    near = tour.stations.select_related("company").order_by("position").first().company
    context = browser.new_context(
        viewport={"width": 360, "height": 780},
        locale="uk-UA",
        geolocation={"latitude": near.lat, "longitude": near.lon},
        permissions=["geolocation"],
    )
    page = context.new_page()
    page.set_default_timeout(15000)
    page.route("https://tile.openstreetmap.org/**", lambda route: route.abort())
    try:
        page.goto(
            f"{demo_site.url}/uk/jobwalk/plan/?lat={near.lat}&lon={near.lon}"
            "&budget_minutes=60&max_stations=2"
        )
        start = page.locator("[data-testid=planned-create] button")
        start.wait_for()
        start.click()
        page.wait_for_url("**/uk/jobwalk/planned/*/")
        planned = PlannedTour.objects.get()
        stops = list(planned.stations.select_related("company").order_by("position"))
        first = stops[0]
        # stand at the first station
        context.set_geolocation({"latitude": first.company.lat, "longitude": first.company.lon})
        page.reload()
        page.locator(".leaflet-overlay-pane path").first.wait_for()
        assert page.locator(".jw-pin").count() == len(stops)
        assert first.company.name in page.locator("[data-jw-next]").inner_text()
        # arrival opens the station card; no code field on a planned tour
        page.wait_for_function(
            f"document.querySelector('#station-{first.pk} details').open === true"
        )
        card = page.locator(f"#station-{first.pk}")
        assert card.locator("input[name=code]").count() == 0
        card.locator("button[name=how]").click()
        card.locator(".jw-result.jw-ok").wait_for()
        card.locator("[data-jw-done]").wait_for()
        if len(stops) > 1:
            assert stops[1].company.name in page.locator("[data-jw-next]").inner_text()
        # share link and QR, downloads; nothing scrolls sideways at 360 px
        assert planned.token in page.locator("[data-testid=share-link]").inner_text()
        assert page.locator(".jw-share img").get_attribute("src").startswith("data:image/svg")
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        href = page.locator("[data-testid=gpx]").get_attribute("href")
        gpx = page.request.get(demo_site.url + href)
        assert gpx.ok and b"<gpx" in gpx.body()
    finally:
        context.close()

    # the same tour on a phone that refuses the location: the page's own words, in Arabic
    refused = browser.new_context(viewport={"width": 360, "height": 780}, locale="ar")
    page = refused.new_page()
    page.set_default_timeout(15000)
    page.route("https://tile.openstreetmap.org/**", lambda route: route.abort())
    try:
        page.goto(f"{demo_site.url}/ar/jobwalk/planned/{planned.token}/")
        help_text = page.locator("[data-jw-gps-help]")
        help_text.wait_for()
        expected = page.locator("[data-jw-i18n]").get_attribute("data-geo-denied")
        assert help_text.inner_text() == expected
        assert "denied" not in expected.lower()
    finally:
        refused.close()
