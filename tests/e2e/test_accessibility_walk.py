"""Every public page and the main staff pages pass axe-core without a serious or critical
violation in German and Arabic (left to right and right to left), on a 360 px phone and at
desktop width, and no page scrolls sideways at 360 px in any of the seven languages (issue
14, items 6 and 7). Ukrainian was walked by axe as well until the walk took 5.5 minutes of
CI's 30; its long words are what the sideways check at 360 px catches.

The pages are found by walking the links of the demo site (public pages from the landing
page, staff pages from an advisor's home), one page per URL shape (/events/7/ and
/events/8/ are one shape), so a new page is walked without being listed here. axe-core
comes from axe-playwright-python (pinned; it bundles axe.min.js), run in Debian's Chromium.
"""

from __future__ import annotations

import os
import re
from urllib.parse import urljoin, urlsplit

import pytest
from playwright.sync_api import Error as PlaywrightError

pytestmark = pytest.mark.e2e

LANGS_AXE = ("de", "ar")
LANGS_ALL = ("de", "en", "ar", "fa", "tr", "uk", "ru")
WIDTHS = (360, 1280)
PASSWORD = "Kausa-Demo-2026"
# not pages: files, feeds, the admin, the API, and links that change something
NOT_A_PAGE = re.compile(
    r"\.(ics|pdf|csv|xlsx|gpx|json|xml|atom|png|svg|zip|webmanifest|js)$"
    r"|/admin/|/api/|/accounts/|/files/|/download|/export|/feed|/erase/|/unsubscribe"
)
# searches whose result pages have no link leading to them
SEEDS_PUBLIC = ("", "offers/?plz=10115", "offices/?plz=10115", "events/?audience=parents")
SEEDS_STAFF = ("staff/", "staff/inbox/?kind=requests", "staff/duplicates/")
WIDE = "document.documentElement.scrollWidth - window.innerWidth"


def _shape(url: str) -> str:
    parts = urlsplit(url)
    return re.sub(r"/\d+(?=/|$)", "/N", parts.path[3:]) + ("?" if parts.query else "")


def _walk(page, base: str, seeds: tuple[str, ...], staff: bool, limit: int = 80) -> list[str]:
    """Paths (without the language prefix) of the pages reachable from the seeds."""
    queue = [f"{base}/de/{seed}" for seed in seeds]
    shapes: set[str] = set()
    found: list[str] = []
    host = urlsplit(base).netloc
    while queue and len(found) < limit:
        url = queue.pop(0)
        if _shape(url) in shapes:
            continue
        shapes.add(_shape(url))
        try:
            response = page.goto(url)
        except PlaywrightError:  # a link that starts a download is not a page
            continue
        if response is None or response.status != 200:
            continue
        if "text/html" not in response.headers.get("content-type", ""):
            continue
        parts = urlsplit(url)
        found.append(parts.path[4:] + (f"?{parts.query}" if parts.query else ""))
        for href in page.eval_on_selector_all("a[href]", "els => els.map(e => e.href)"):
            link = urlsplit(urljoin(url, href))
            if link.netloc != host or not link.path.startswith("/de/"):
                continue
            if NOT_A_PAGE.search(link.path) or "page=" in link.query:
                continue
            if link.path.startswith("/de/staff/") != staff:
                continue
            queue.append(link._replace(fragment="").geturl())
    return found


def _log_in(page, base: str) -> None:
    page.goto(f"{base}/de/accounts/login/")
    page.fill("#id_username", "advisor@kausa.example")
    page.fill("#id_password", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url("**/staff/**")


def _axe_problems(page, axe) -> list[str]:
    result = axe.run(page, options={"resultTypes": ["violations"]})
    return [
        f"{v['id']} ({v['impact']}): {v['nodes'][0]['target']}"
        for v in result.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]


_paths: dict[bool, list[str]] = {}  # per worker: the walk of the site, public and staff


def _site_paths(browser, base: str, staff: bool) -> list[str]:
    if staff not in _paths:
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        page = context.new_page()
        page.set_default_timeout(20000)
        if staff:
            _log_in(page, base)
        _paths[staff] = _walk(page, base, SEEDS_STAFF if staff else SEEDS_PUBLIC, staff)
        context.close()
    return _paths[staff]


# Six parts, so that the browser test workers share the walk (in one piece it took 6 of
# the 8 minutes of the browser tests in one worker while the other had finished).
@pytest.mark.skipif(
    os.environ.get("DATABASE_URL", "").startswith("postgres"),
    reason="pages render the same from either database; walked once, in the SQLite run",
)
@pytest.mark.parametrize("staff", [False, True], ids=["public", "staff"])
@pytest.mark.parametrize(
    ("width", "languages"),
    [(360, LANGS_AXE), (360, tuple(x for x in LANGS_ALL if x not in LANGS_AXE)), (1280, LANGS_AXE)],
    ids=["phone-de-ar", "phone-other-languages", "desktop-de-ar"],
)
def test_every_page_passes_axe_and_fits_a_phone(browser, demo_site, staff, width, languages):
    from axe_playwright_python.sync_playwright import Axe

    from kausa.accounts.models import User

    User.objects.filter(email="advisor@kausa.example").update(last_login=None)
    axe = Axe()
    base = demo_site.url
    problems: list[str] = []
    paths = _site_paths(browser, base, staff)
    assert len(paths) >= (20 if not staff else 25), paths  # the walk found the site
    context = browser.new_context(viewport={"width": width, "height": 800})
    page = context.new_page()
    page.set_default_timeout(20000)
    if staff:
        _log_in(page, base)
    for lang in languages:
        for path in paths:
            url = f"{base}/{lang}/{path}"
            page.goto(url)
            if width == 360 and page.evaluate(WIDE) > 1:
                problems.append(f"{url} scrolls sideways at 360 px")
            if lang in LANGS_AXE:
                problems += [f"{url} @{width}: {p}" for p in _axe_problems(page, axe)]
    context.close()
    assert problems == [], "\n".join(problems)
