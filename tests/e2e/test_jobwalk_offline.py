"""After the first visit the phone page of a tour works offline (served by the service worker)."""

from __future__ import annotations

import pytest
from django.utils import translation
from playwright.sync_api import Error as PlaywrightError

from kausa.jobwalk.models import Tour

pytestmark = pytest.mark.e2e

CACHED = """async () => {
  if (!navigator.serviceWorker.controller) return false;
  const cache = await caches.open("kausa-jobwalk-v2");
  const paths = (await cache.keys()).map((r) => new URL(r.url).pathname);
  return paths.includes(location.pathname) &&
    paths.some((p) => p.endsWith("jobwalk-phone.js")) &&
    paths.some((p) => p.endsWith("leaflet.js"));
}"""


def test_tour_page_reloads_offline_with_route_and_stations(browser, demo_site):
    tour = Tour.objects.filter(status="published").order_by("pk").first()
    stations = tour.stations.count()
    with translation.override("en"):
        title = tour.title
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="en-GB")
    page = context.new_page()
    page.set_default_timeout(20000)
    page.route("https://tile.openstreetmap.org/**", lambda route: route.abort())
    try:
        page.goto(f"{demo_site.url}/en/jobwalk/tours/{tour.pk}/")
        page.locator(".leaflet-overlay-pane path").first.wait_for()
        manifest = page.evaluate(
            "async () => (await fetch(document.querySelector('link[rel=manifest]').href)).json()"
        )
        assert manifest["start_url"] == f"/en/jobwalk/tours/{tour.pk}/"
        page.wait_for_function(CACHED, polling=250)

        context.set_offline(True)
        page.reload()
        page.locator(".leaflet-overlay-pane path").first.wait_for()
        assert page.locator(".jw-pin").count() == stations
        assert page.locator(".jw-station").count() == stations
        assert title in page.locator("h1").inner_text()
        # really offline: a page the worker never kept does not load
        with pytest.raises(PlaywrightError):
            page.goto(f"{demo_site.url}/en/jobwalk/plan/", timeout=5000)
    finally:
        context.close()
