"""Personas and shared fixtures (see STYLE.md: advisor, other_office_advisor, ...)."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.test import Client

from kausa.accounts.models import Membership, Organisation
from kausa.reference.loaders import load_reference
from tests.factories import PASSWORD, MembershipFactory, OrganisationFactory, UserFactory


def _redis_per_worker() -> None:
    """With pytest-xdist each worker gets its own Redis database (tests empty the cache with
    FLUSHDB, which ignores key prefixes): the run's database number plus the worker's."""
    from urllib.parse import urlsplit, urlunsplit

    from django.conf import settings

    worker = os.environ.get("PYTEST_XDIST_WORKER", "")
    url = getattr(settings, "REDIS_URL", "")
    if not worker.startswith("gw") or not url:
        return
    parts = urlsplit(url)
    database = (int(parts.path.strip("/") or 0) + int(worker[2:])) % 16
    own = urlunsplit(parts._replace(path=f"/{database}"))
    settings.REDIS_URL = own
    os.environ["REDIS_URL"] = own  # servers and workers the tests start
    settings.CACHES["default"]["LOCATION"] = own
    for queue in settings.RQ_QUEUES.values():
        queue["URL"] = queue["URL"].replace(url, own, 1)


_redis_per_worker()


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Reference data once per session; each test's transaction rolls back on top of it."""
    with django_db_blocker.unblock():
        load_reference()


@pytest.fixture
def reference_restored(django_db_blocker) -> Iterator[None]:
    """transactional_db empties every table afterwards; put the reference data back."""
    yield
    with django_db_blocker.unblock():
        load_reference()


@pytest.fixture
def landesstelle(db) -> Organisation:
    return OrganisationFactory(name="KAUSA Landesstelle Test", kind="landesstelle", slug="ls")


@pytest.fixture
def office(landesstelle) -> Organisation:
    return OrganisationFactory(name="KAUSA Servicestelle A", slug="office-a", parent=landesstelle)


@pytest.fixture
def other_office(db) -> Organisation:
    return OrganisationFactory(
        name="KAUSA Servicestelle B", slug="office-b", state="HH", city="Hamburg"
    )


@pytest.fixture
def partner_org(db) -> Organisation:
    return OrganisationFactory(name="Jugendberufsagentur Test", slug="jba", kind="jba")


def _member(org: Organisation, role: str, *, is_staff: bool = True):
    return MembershipFactory(organisation=org, role=role, user=UserFactory(is_staff=is_staff)).user


@pytest.fixture
def advisor(office):
    return _member(office, Membership.Role.ADVISOR)


@pytest.fixture
def other_office_advisor(other_office):
    return _member(other_office, Membership.Role.ADVISOR)


@pytest.fixture
def coordinator(landesstelle):
    return _member(landesstelle, Membership.Role.COORDINATOR, is_staff=False)


@pytest.fixture
def org_admin(office):
    return _member(office, Membership.Role.ORG_ADMIN)


@pytest.fixture
def partner(partner_org):
    return _member(partner_org, Membership.Role.PARTNER, is_staff=False)


def login(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def password() -> str:
    return PASSWORD


@pytest.fixture(scope="session", autouse=True)
def _offer_index_out_of_the_data_dir(tmp_path_factory):
    """A shared offer index that a test builds (kausa scheduler, build-offer-index) goes to a
    folder of this test run, never to var/, where the next run's searches would map it."""
    from django.conf import settings as django_settings

    django_settings.KAUSA_OFFER_INDEX_DIR = str(tmp_path_factory.mktemp("offer-index"))


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """Argon2 is deliberately slow; tests that are about hashing switch it back on."""
    settings.PASSWORD_HASHERS = [
        "django.contrib.auth.hashers.MD5PasswordHasher",
        "django.contrib.auth.hashers.Argon2PasswordHasher",
    ]


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    """Rate-limit counts start at zero in each test (the suite posts from one address)."""
    from kausa.core import cache_safe, ratelimit

    ratelimit.reset()
    cache_safe.reset()


@pytest.fixture(autouse=True)
def _fresh_occupation_lookups():
    """The occupations kept per process for a search's words start empty in each test
    (a test may load the catalogue again, with other ids, without saving rows one by one)."""
    from kausa.reference.selectors import occupation_search_forget

    occupation_search_forget()


@pytest.fixture(autouse=True)
def _fresh_kept_fragments():
    """Template fragments, tours and events kept in the process ({% kept %}, the tour and
    event pages) start empty in each test, as the cache does."""
    from kausa.core.templatetags.kept import forget_local
    from kausa.events.selectors import forget_page_events
    from kausa.jobwalk.selectors import forget_page_tours

    forget_local()
    forget_page_tours()
    forget_page_events()


# --- the browser ------------------------------------------------------------------------
# One Playwright per test run (its sync API owns the thread's event loop): the browser
# journeys (tests/e2e) and the production smoke test (tests/production) share it.
CHROMIUM = os.environ.get("KAUSA_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    if not Path(CHROMIUM).exists():
        pytest.skip(f"no Chromium at {CHROMIUM}: install Debian's 'chromium' to run browser tests")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                "--disable-quic",
            ],
        )
        yield browser
        browser.close()
