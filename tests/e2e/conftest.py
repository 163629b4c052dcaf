"""Browser journeys in Debian's headless Chromium, driven by Playwright.

Playwright never downloads a browser here: it starts /usr/bin/chromium (or
$KAUSA_CHROMIUM). Without a Chromium the journeys are skipped with a message.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

ARTIFACTS = Path(__file__).parent / "artifacts"

# Playwright's sync API runs an event loop in this thread; the live server's DB work
# happens in its own thread, so Django's async-safety guard does not apply here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture
def page(browser, request) -> Iterator[object]:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="de-DE")
    page = context.new_page()
    page.set_default_timeout(15000)
    yield page
    if request.node.rep_call.failed if hasattr(request.node, "rep_call") else False:
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"{request.node.name}.png"), full_page=True)
    context.close()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"rep_{report.when}", report)


_demo_snapshot: list[sqlite3.Connection] = []  # SQLite: the demo database after its first load


@pytest.fixture
def demo_site(transactional_db, live_server):
    """The live server with reference and demo data, as after `make demo`.

    On SQLite (an in-memory database the live server shares) the first journey of a worker
    loads the data (about 14 s) and keeps a copy; the next ones get the copy back through
    SQLite's backup API in well under a second. Caches are emptied, so that nothing a journey
    before left (pages, the offer index of its data) is served. PostgreSQL loads each time."""
    from django.core.cache import caches
    from django.db import connection

    from kausa.demo.generator import demo_create
    from kausa.matching.index import forget_index
    from kausa.reference.loaders import load_reference

    for cache in caches.all():
        cache.clear()
    if connection.vendor == "sqlite" and _demo_snapshot:
        connection.ensure_connection()
        _demo_snapshot[0].backup(connection.connection)
        forget_index()
        return live_server
    load_reference()
    demo_create()
    if connection.vendor == "sqlite":
        copy = sqlite3.connect(":memory:", check_same_thread=False)
        connection.connection.backup(copy)
        _demo_snapshot.append(copy)
    return live_server
