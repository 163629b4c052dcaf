"""A team on a phone opens a published JOBWALK tour, sees the map and checks in."""

from __future__ import annotations

import pytest

from kausa.jobwalk.models import CheckIn, Tour

pytestmark = pytest.mark.e2e


def test_team_checks_in_at_the_first_station(browser, demo_site):
    tour = Tour.objects.filter(status="published", texts__has_key="ar").first()
    first = tour.stations.select_related("company").order_by("position").first()
    context = browser.new_context(
        viewport={"width": 390, "height": 844},
        locale="en-GB",
        geolocation={"latitude": first.company.lat, "longitude": first.company.lon},
        permissions=["geolocation"],
    )
    page = context.new_page()
    page.set_default_timeout(15000)
    # no map tiles in the test: the route and the stations must show anyway
    page.route("https://tile.openstreetmap.org/**", lambda route: route.abort())
    before = CheckIn.objects.filter(station=first).count()  # the demo's past walks
    try:
        page.goto(f"{demo_site.url}/en/jobwalk/tours/{tour.pk}/")
        page.locator(".leaflet-overlay-pane path").first.wait_for()
        assert page.locator(".jw-pin").count() == tour.stations.count()
        next_box = page.locator("[data-jw-next]")
        next_box.wait_for()
        assert first.company.name in next_box.inner_text()
        # arrival opens the station card
        card = page.locator(f"#station-{first.pk} details")
        page.wait_for_function(
            f"document.querySelector('#station-{first.pk} details').open === true"
        )
        card.locator("input[name=answer]").first.check()
        card.get_by_role("button", name="Check in here").click()
        page.locator(f"#station-{first.pk} .jw-result.jw-ok").wait_for()
        assert CheckIn.objects.filter(station=first).count() == before + 1
        assert int(page.locator("[data-jw-points]").inner_text()) >= 10
    finally:
        context.close()


def test_planner_says_in_arabic_when_the_location_is_refused(browser, demo_site):
    """The browser's own error text ("User denied Geolocation") is English; the page says
    it in the page's language instead."""
    context = browser.new_context(viewport={"width": 360, "height": 780}, locale="ar")
    page = context.new_page()  # no geolocation permission: the request is refused
    page.set_default_timeout(15000)
    try:
        page.goto(f"{demo_site.url}/ar/jobwalk/plan/")
        button = page.locator("[data-jw-locate]")
        button.click()
        status = page.locator("[data-jw-locate-status]")
        page.wait_for_function(
            "document.querySelector('[data-jw-locate-status]').textContent.length > 3"
        )
        text = status.inner_text()
        assert "denied" not in text.lower() and "User" not in text
        assert any("\u0600" <= ch <= "\u06ff" for ch in text)  # Arabic letters
    finally:
        context.close()
