"""200 concurrent registrations for 50 seats on PostgreSQL, through a real gunicorn server.

The requests come the way production gets them: over HTTP to a multi-process,
multi-threaded WSGI server, all 200 in flight at once (released together by a
barrier). The server has a bounded pool of threads (workers x threads, well under
PostgreSQL's 100 connections); the rest wait in its accept queue, as behind a
reverse proxy. Only the row lock on the event keeps the seats from being overbooked.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import quote

import pytest
from django.db import connection
from django.utils import timezone

from kausa.events.models import Event, Registration
from tests.factories import OrganisationFactory

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="needs PostgreSQL: SQLite runs one writer at a time, so there is no race to test",
    ),
]

REQUESTS = 200
SEATS = 50
SERVER_WORKERS = 2
SERVER_THREADS = 25  # 50 database connections at most; the server allows 100, others share it
START_TIMEOUT = 60  # seconds for gunicorn to answer /healthz
REQUEST_TIMEOUT = 120


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _database_url() -> str:
    """The test database (test_<name>) the test process is connected to, as a URL."""
    db = connection.settings_dict
    auth = quote(db["USER"] or "", safe="")
    if db["PASSWORD"]:
        auth += ":" + quote(db["PASSWORD"], safe="")
    host = db["HOST"] or "127.0.0.1"
    port = db["PORT"] or "5432"
    return f"postgres://{auth}@{host}:{port}/{quote(db['NAME'], safe='')}"


def _server_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("KAUSA_", "REDIS_"))}
    env.update(
        {
            "DATABASE_URL": _database_url(),
            "DJANGO_SETTINGS_MODULE": "kausa.settings",
            "KAUSA_ENV": "test",
            "KAUSA_DEBUG": "false",  # no per-request query log, as in production
            # Mail runs in-process after each commit (no Redis queue, no worker) and is
            # kept in memory: the server does the same work per request as with a queue
            # that sends at once, without printing 200 mails to its log.
            "KAUSA_TASKS_IMMEDIATE": "true",
            "KAUSA_EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
            "KAUSA_DB_CONN_MAX_AGE": "0",
            "KAUSA_LOG_LEVEL": "WARNING",  # the log keeps errors (a 5xx prints its traceback)
            # 200 people behind one address: this test is about seats, not about the limit
            # on public writes per address (tests/core/test_ratelimit.py)
            "KAUSA_RATELIMIT_PUBLIC_WRITES": "off",
            "PYTHONUNBUFFERED": "1",
        }
    )
    return env


def _get(url: str) -> int:
    with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 - our own server
        return response.status


@pytest.fixture
def gunicorn_server(transactional_db, tmp_path: Path) -> Iterator[str]:
    """A gunicorn serving kausa.wsgi on a free port against the test database."""
    port = _free_port()
    log_path = tmp_path / "gunicorn.log"
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "kausa.wsgi:application",
        f"--bind=127.0.0.1:{port}",
        f"--workers={SERVER_WORKERS}",
        "--worker-class=gthread",
        f"--threads={SERVER_THREADS}",
        "--backlog=512",
        f"--timeout={REQUEST_TIMEOUT}",
        "--log-level=warning",
        "--error-logfile=-",
    ]
    base = f"http://127.0.0.1:{port}"
    with log_path.open("wb") as log:
        server = subprocess.Popen(  # noqa: S603 - fixed interpreter and arguments
            command, stdout=log, stderr=subprocess.STDOUT, env=_server_env()
        )
    try:
        _wait_until_healthy(server, base, log_path)
        yield base
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(timeout=10)
        # pytest shows a teardown's output with the report of a failed test
        print("---- gunicorn log ----\n" + log_path.read_text(errors="replace"))


def _wait_until_healthy(server: subprocess.Popen, base: str, log_path: Path) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if server.poll() is not None:
            pytest.fail(f"gunicorn exited with {server.returncode}:\n{log_path.read_text()}")
        try:
            if _get(f"{base}/healthz") == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    pytest.fail(f"gunicorn did not answer /healthz within {START_TIMEOUT} s")


def _post_json(url: str, payload: dict) -> tuple[int, dict]:
    request = urllib.request.Request(  # noqa: S310 - our own server
        url,
        data=json.dumps(payload).encode(),
        headers={"Content-Type": "application/json", "Accept": "application/json"},
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=REQUEST_TIMEOUT) as response:  # noqa: S310
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        body = error.read().decode(errors="replace")
        return error.code, {"detail": body[:500]}


def test_200_concurrent_registrations_for_50_seats(reference_restored, gunicorn_server):
    office = OrganisationFactory()
    event = Event.objects.create(
        organisation=office,
        type=Event.Type.INFORMATION,
        title="Infoabend",
        starts_at=timezone.now() + dt.timedelta(days=5),
        ends_at=timezone.now() + dt.timedelta(days=5, hours=2),
        capacity=SEATS,
        venue="Aula",
    )
    url = f"{gunicorn_server}/api/v1/events/{event.pk}/registrations"
    start = threading.Barrier(REQUESTS)

    def register(number: int) -> tuple[int, dict]:
        payload = {"name": f"Person {number}", "email": f"p{number}@mail.test", "consent": True}
        start.wait(timeout=60)  # all 200 requests leave at the same moment
        return _post_json(url, payload)

    began = time.perf_counter()
    with ThreadPoolExecutor(max_workers=REQUESTS) as pool:
        answers = list(pool.map(register, range(REQUESTS)))
    elapsed = time.perf_counter() - began
    print(f"{REQUESTS} concurrent registrations through gunicorn in {elapsed:.2f} s")

    failures = [(status, body) for status, body in answers if status != 201]
    assert failures == [], failures[:5]
    statuses = [body["status"] for _status, body in answers]
    assert statuses.count("confirmed") == SEATS
    assert statuses.count("waitlisted") == REQUESTS - SEATS
    positions = sorted(b["waitlist_position"] for _s, b in answers if b["status"] == "waitlisted")
    assert positions == list(range(1, REQUESTS - SEATS + 1))

    rows = list(Registration.objects.filter(event=event).order_by("created_at", "id"))
    assert len(rows) == REQUESTS
    assert len({r.email for r in rows}) == REQUESTS  # nobody registered twice
    assert {r.pk for r in rows} == {b["id"] for _s, b in answers}
    assert sum(r.party_size for r in rows if r.status == "confirmed") == SEATS
    # in order: every seat went to someone who came before everyone on the waitlist
    kinds = [r.status for r in rows]
    assert kinds == ["confirmed"] * SEATS + ["waitlisted"] * (REQUESTS - SEATS)
    numbers = [r.waitlist_number for r in rows if r.status == "waitlisted"]
    assert numbers == list(range(1, REQUESTS - SEATS + 1))
