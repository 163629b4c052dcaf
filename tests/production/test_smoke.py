"""Production smoke test: the shipped production mode, as an office's administrator runs it.

`KAUSA_ENV=production`, `kausa collectstatic`, gunicorn with two workers, then Chromium loads
every page of the public menu, the login and the staff home in German and Arabic. Each page
answers 200 without a console error, and static files carry far-future cache headers.

On the SQLite run it uses a scratch SQLite file; on the PostgreSQL + Redis run a scratch
PostgreSQL database and Redis, as production does.
"""

from __future__ import annotations

import os
import secrets
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

# One worker runs the whole module: its production site (collectstatic with compression,
# the demo, gunicorn) takes 1.5-2 minutes to set up, once per worker that needs it.
pytestmark = pytest.mark.xdist_group("production-smoke")

BIN = Path(sys.executable).parent
TILE_PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000001e221bc330000000049454e44ae426082"
)


def _public_pages(language: str) -> list[str]:
    """The landing page and every entry of the public menu, as the menu links them."""
    from django.urls import reverse
    from django.utils import translation

    from kausa.workspace.navigation import PUBLIC

    with translation.override(language):
        return [reverse("workspace:landing"), *(reverse(item.url_name) for item in PUBLIC)]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _database(tmp_path: Path) -> tuple[dict[str, str], str | None]:
    """Environment for a scratch database like the run's own; the PostgreSQL name to drop."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        return {}, None
    name = f"kausa_smoke_{os.getpid()}"
    base = url.rsplit("/", 1)[0]
    _psql(base, f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
    _psql(base, f"CREATE DATABASE {name}")
    env = {"DATABASE_URL": f"{base}/{name}"}
    if os.environ.get("REDIS_URL"):
        env["REDIS_URL"] = os.environ["REDIS_URL"]
        env["KAUSA_CACHE_PREFIX"] = f"smoke-{os.getpid()}"
    return env, name


def _psql(base: str, sql: str) -> None:
    subprocess.run(  # noqa: S603 - psql of the machine's PostgreSQL
        ["psql", "-q", f"{base}/postgres", "-c", sql],  # noqa: S607 - the machine's psql
        check=True,
        capture_output=True,
    )


@pytest.fixture(scope="module")
def production_site(tmp_path_factory) -> Iterator[str]:
    tmp = tmp_path_factory.mktemp("production")
    port = _free_port()
    site = f"http://127.0.0.1:{port}"
    db_env, pg_name = _database(tmp)
    env = {
        **{
            k: v
            for k, v in os.environ.items()
            if not k.startswith(("KAUSA_", "DATABASE_URL", "REDIS_URL", "DJANGO_"))
        },
        "KAUSA_ENV": "production",
        "KAUSA_SECRET_KEY": secrets.token_urlsafe(60),
        "KAUSA_SITE_URL": site,
        "KAUSA_DATA_DIR": str(tmp / "data"),
        # TLS ends at the reverse proxy in production; here the browser talks plain HTTP
        "KAUSA_SSL_REDIRECT": "false",
        "KAUSA_EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        **db_env,
    }

    def kausa(*args: str, **extra: str) -> subprocess.Popen[str]:
        return subprocess.Popen(  # noqa: S603 - our own command
            [str(BIN / "kausa"), *args],
            env={**env, **extra},
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )

    # Both at once (they touch different things). The demo writes known passwords and
    # refuses production: it is made beforehand, as an administrator's data load would be.
    steps = [
        kausa("collectstatic", "--noinput"),
        kausa("demo", "--no-serve", KAUSA_ENV="development"),
    ]
    for step in steps:
        output, _ = step.communicate(timeout=600)
        assert step.returncode == 0, f"{step.args}:\n{output}"
    server = subprocess.Popen(  # noqa: S603 - our own command
        [
            str(BIN / "gunicorn"),
            "kausa.wsgi",
            "-b",
            f"127.0.0.1:{port}",
            "-w",
            "2",
            "--timeout",
            "60",
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=open(tmp / "gunicorn.log", "w"),  # noqa: SIM115 - closed with the process
    )
    try:
        # Generous: in CI this runs next to browser journeys in another worker, on two cores.
        deadline = time.monotonic() + 120
        while True:
            try:
                with urllib.request.urlopen(f"{site}/healthz", timeout=10) as answer:  # noqa: S310
                    if answer.status == 200:
                        break
            except OSError as exc:
                if time.monotonic() > deadline or server.poll() is not None:
                    body = exc.read().decode() if hasattr(exc, "read") else ""
                    log = (tmp / "gunicorn.log").read_text()
                    raise AssertionError(f"/healthz: {exc!r} {body}\n{log}") from None
                time.sleep(0.3)
        yield site
    finally:
        server.terminate()
        server.wait(timeout=20)
        if pg_name:
            _psql(db_env["DATABASE_URL"].rsplit("/", 1)[0], f"DROP DATABASE IF EXISTS {pg_name}")


@pytest.fixture(scope="module")
def browser_page(production_site, browser) -> Iterator[object]:
    """A page of the session's Chromium (one Playwright per test run: tests/e2e/conftest)."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    # map tiles come from the internet, which this machine has not: a blank tile instead
    context.route(
        "https://tile.openstreetmap.org/**",
        lambda route: route.fulfill(status=200, body=TILE_PNG, content_type="image/png"),
    )
    page = context.new_page()
    page.set_default_timeout(20000)
    yield page
    context.close()


def _visit(page, url: str) -> tuple[int, list[str], list[object]]:
    errors: list[str] = []
    statics: list[object] = []

    def on_console(message):
        if message.type == "error":
            errors.append(message.text)

    def on_response(response):
        if "/static/" in response.url:
            statics.append(response)

    page.on("console", on_console)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("response", on_response)
    try:
        response = page.goto(url, wait_until="networkidle")
        status = response.status if response else 0
    finally:
        page.remove_listener("console", on_console)
        page.remove_listener("response", on_response)
    return status, errors, statics


@pytest.mark.e2e
@pytest.mark.parametrize("language", ["de", "ar"])
def test_public_pages_login_and_staff_home_serve_in_production(
    production_site, browser_page, language
):
    page = browser_page
    page.context.clear_cookies()
    seen_static = []
    for path in _public_pages(language):
        url = f"{production_site}{path}"
        status, errors, statics = _visit(page, url)
        assert status == 200, url
        assert errors == [], f"{url}: {errors}"
        assert page.locator("html").get_attribute("lang") == language
        seen_static += statics
    status, errors, _ = _visit(page, f"{production_site}/{language}/accounts/login/")
    assert status == 200 and errors == []
    page.fill("input[name=username]", "advisor@kausa.example")
    page.fill("input[name=password]", "Kausa-Demo-2026")
    page.locator("form button[type=submit], form input[type=submit]").first.click()
    page.wait_for_load_state("networkidle")
    assert page.url.rstrip("/").endswith(f"/{language}/staff"), page.url
    status, errors, statics = _visit(page, page.url)
    assert status == 200 and errors == [], errors
    assert page.locator("main").count() == 1
    seen_static += statics

    # hashed static files (the manifest exists) with far-future, immutable caching
    assert seen_static, "no static file was loaded"
    for response in seen_static:
        assert response.status in (200, 304), response.url
        name = response.url.rsplit("/", 1)[-1]
        assert len(name.split(".")) >= 3, f"not a hashed name: {response.url}"
        cache = response.headers.get("cache-control", "")
        assert "max-age=315360000" in cache and "immutable" in cache, (response.url, cache)


@pytest.mark.e2e
def test_health_and_api_answer_in_production(production_site):
    with urllib.request.urlopen(f"{production_site}/healthz", timeout=5) as answer:  # noqa: S310
        assert answer.status == 200
    with urllib.request.urlopen(f"{production_site}/api/v1/events", timeout=5) as answer:  # noqa: S310
        assert answer.status == 200
        assert answer.headers["Content-Type"].startswith("application/json")
