"""Network journeys: a visitor finds a migrant-led company on the map and opens its page;
a juror scores a nominee and sees only their own scores."""

from __future__ import annotations

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from kausa.demo.data import DEMO_PASSWORD
from kausa.network.models import Edition, JurorAssignment, NetworkProfile, Score

pytestmark = pytest.mark.e2e


def test_visitor_finds_a_migrant_led_company_on_the_map(page, demo_site, settings):
    settings.KAUSA_TILE_URL = ""  # no tiles: the markers must show anyway
    page.goto(f"{demo_site.url}/en/network/")
    page.get_by_role("heading", level=1, name="Network of migrant-led companies").wait_for()
    markers = page.locator("#network-map path.nw-marker")
    markers.first.wait_for()
    assert markers.count() >= 1
    link = page.locator(".leaflet-popup a.nw-popup-link")
    # The map may still be fitting its bounds (a moving marker takes a click at its old place):
    # the click goes to the marker element itself, again if no popup opened.
    for _attempt in range(6):  # the browser journeys run two at a time on two cores
        markers.first.dispatch_event("click")
        try:
            link.wait_for(timeout=8000)
            break
        except PlaywrightTimeout:
            continue
    link.wait_for()
    name = link.inner_text()
    # the popup may still be panning the map into view: the click goes to the link element
    # (as to the marker above), not to the point where it was a moment ago
    link.dispatch_event("click")
    page.wait_for_url("**/en/network/companies/*/")
    assert page.get_by_role("heading", level=1).inner_text() == name
    assert page.get_by_role("heading", name="Open apprenticeships").is_visible()

    profile = NetworkProfile.objects.get(pk=int(page.url.rstrip("/").rsplit("/", 1)[1]))
    assert profile.company.migrant_led and profile.has_consent


def test_juror_scores_a_nominee_and_sees_only_own_scores(page, demo_site):
    edition = Edition.objects.filter(scoring_closed_at__isnull=True).get()
    juror = JurorAssignment.objects.get(edition=edition, user__email="juror1@kausa.example")
    nominee = edition.nominations.filter(status="accepted", scores__isnull=False).distinct().first()
    others = {s.points for s in Score.objects.filter(nomination=nominee).exclude(juror=juror)}

    page.goto(f"{demo_site.url}/en/accounts/login/?next=/en/jury/")
    page.locator("input[name=username], input[name=email]").first.fill("juror1@kausa.example")
    page.locator("input[type=password]").fill(DEMO_PASSWORD)
    page.locator("form button[type=submit]").first.click()
    page.wait_for_url("**/en/jury/")
    page.get_by_role("link", name=f"{edition.award.name} {edition.year}").click()
    page.wait_for_url(f"**/en/jury/{edition.pk}/")
    assert page.get_by_text("You see only your own scores").is_visible()
    row = page.locator(f"tr[data-nomination='{nominee.pk}']")
    assert row.locator("td.nw-own").all_inner_texts() == [""] * edition.criteria.count()
    row.get_by_role("link", name="Score").click()
    page.wait_for_url(f"**/en/jury/{edition.pk}/{nominee.pk}/")
    points = [7, 3, 9, 5]
    for criterion, value in zip(edition.criteria.all(), points, strict=False):
        page.locator(f"#id_c{criterion.pk}").fill(str(value))
    page.get_by_role("button", name="Save scores").click()
    page.wait_for_url(f"**/en/jury/{edition.pk}/")
    cells = page.locator(f"tr[data-nomination='{nominee.pk}'] td.nw-own").all_inner_texts()
    assert [int(c) for c in cells] == points[: edition.criteria.count()]
    assert page.locator("tr.nw-other").count() == 0
    assert page.get_by_text("another juror").count() == 0
    assert others  # other jurors did score this nominee, yet nothing of theirs is shown
    assert Score.objects.filter(juror=juror, nomination=nominee).count() == len(cells)
