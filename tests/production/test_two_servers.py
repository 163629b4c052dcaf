"""Two app servers side by side, sharing only PostgreSQL, Redis and object storage.

Each server is a gunicorn of its own (2 workers x 4 threads) with its own data folder, as on
two machines behind one reverse proxy. What one server does, the other must see:

- 200 registrations for 50 seats, alternating between the servers, 20 at a time: exactly 50
  seats, waitlist 1 ... 150 in order (the row lock on the event in PostgreSQL decides);
- a restricted toolkit file uploaded on server A (logged in there) is downloaded on server B
  with the same session (sessions: Redis in front of the database), byte for byte, and it
  lies in the bucket, not in a server's folder; the session outlives an emptied Redis;
- an offer added on server B (Django admin) is found by the next searches on server A
  (the offer index of every worker follows the version stamp in Redis).

Needs PostgreSQL (DATABASE_URL; a scratch database ``kausa_two_servers_<pid>`` is created on
the same server and dropped afterwards) and Redis (REDIS_URL; database 5 of that server is
emptied). The object storage is moto's S3 server in this process.
"""

from __future__ import annotations

import http.cookiejar
import json
import logging
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlencode, urlsplit, urlunsplit

import boto3
import psycopg
import pytest
import redis
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test.client import BOUNDARY, MULTIPART_CONTENT, encode_multipart
from moto.server import ThreadedMotoServer

DATABASE_URL = os.environ.get("DATABASE_URL", "")
REDIS_URL = os.environ.get("REDIS_URL", "")

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        not DATABASE_URL.startswith(("postgres://", "postgresql://")) or not REDIS_URL,
        reason="needs DATABASE_URL (PostgreSQL) and REDIS_URL: the servers share both",
    ),
]

REQUESTS = 200
SEATS = 50
CLIENTS = 20  # registrations in flight at once
REDIS_DB = 5
BUCKET = "kausa-two-servers"
REGION = "eu-central-1"
EMAIL = "beraterin@zwei-server.test"
PASSWORD = "Zwei-Server-Passwort-7"
START_TIMEOUT = 90  # seconds: migrating a fresh database on a busy 2-core machine
REQUEST_TIMEOUT = 60
# a "PDF" of 200 kB (the upload check reads the magic bytes): several chunks each way
PDF = b"%PDF-1.4\n" + os.urandom(200_000) + b"\n%%EOF\n"

# Run once in the scratch database (`kausa shell -c`): schema, reference data, an office
# with an advisor, a published event with 50 seats, a restricted toolkit material and a
# company with one offer in Berlin. Prints the ids the test needs.
SETUP = """
import datetime as dt, json
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

with connection.cursor() as cursor:  # a scratch database: no need to wait for the disk
    cursor.execute("SET synchronous_commit = off")  # (this connection only, not the servers)
call_command("migrate", verbosity=0, skip_checks=True)
from kausa.reference.loaders import load_reference
load_reference()

from kausa.accounts.models import Membership, Organisation, User
from kausa.companies.models import Offer
from kausa.companies.services import company_create
from kausa.events.services import event_create
from kausa.network.services.toolkit import material_create
from kausa.reference.models import Occupation, PostalCode

office = Organisation.objects.create(
    name="KAUSA Servicestelle Zwei Server", slug="zwei-server", kind="servicestelle",
    state="BE", city="Berlin",
)
user = User.objects.create_user(EMAIL, PASSWORD, full_name="Beraterin", is_staff=True)
Membership.objects.create(user=user, organisation=office, role=Membership.Role.ADVISOR)
starts = timezone.now() + dt.timedelta(days=14)
event = event_create(
    user=user, organisation=office, type="information", title="Infoabend Ausbildung",
    starts_at=starts, ends_at=starts + dt.timedelta(hours=2), capacity=SEATS, venue="Aula",
)
material = material_create(
    user=user, organisation=office, title="Elternbrief", description="Für Eltern",
    format="handout", audience="parents", is_public=False,
)
plz = PostalCode.objects.get(code="10115")
company = company_create(
    user=user, organisation=office, name="Werkstatt Mitte", postal_code=plz, chamber="hwk"
)
occupation = Occupation.objects.get(short_name="Kfz-Mechatroniker/in")
start = timezone.localdate() + dt.timedelta(days=200)
offer = Offer.objects.create(
    organisation=office, company=company, occupation=occupation, start_date=start,
)
print("SETUP " + json.dumps({
    "event": event.pk, "material": material.pk, "office": office.pk, "company": company.pk,
    "occupation": occupation.pk, "offer": offer.pk, "start": start.isoformat(),
}))
"""


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _with_path(url: str, path: str) -> str:
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, path, parts.query, ""))


def _admin_dsn(url: str) -> str:
    """libpq address of the maintenance database of the PostgreSQL server in ``url``."""
    return _with_path(url, "/postgres").replace("postgres://", "postgresql://", 1)


class Timings:
    def __init__(self) -> None:
        self.began = time.perf_counter()
        self.last = self.began
        self.rows: list[tuple[str, float]] = []

    def lap(self, what: str) -> float:
        now = time.perf_counter()
        self.rows.append((what, now - self.last))
        self.last = now
        return self.rows[-1][1]

    def report(self) -> str:
        lines = [f"  {what:<58} {seconds:6.2f} s" for what, seconds in self.rows]
        lines.append(f"  {'total':<58} {time.perf_counter() - self.began:6.2f} s")
        return "\n".join(lines)


@pytest.fixture
def timings() -> Iterator[Timings]:
    clock = Timings()
    yield clock
    print("\n---- two app servers: timings ----\n" + clock.report())


@pytest.fixture
def s3() -> Iterator[tuple[str, object]]:
    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # one line per S3 request
    port = _free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    endpoint = f"http://127.0.0.1:{port}"
    client = boto3.client(
        "s3",
        endpoint_url=endpoint,
        region_name=REGION,
        aws_access_key_id="kausa-test",
        aws_secret_access_key="kausa-test-secret",
    )
    client.create_bucket(Bucket=BUCKET, CreateBucketConfiguration={"LocationConstraint": REGION})
    try:
        yield endpoint, client
    finally:
        server.stop()


@pytest.fixture
def scratch_database() -> Iterator[str]:
    name = f"kausa_two_servers_{os.getpid()}"
    with psycopg.connect(_admin_dsn(DATABASE_URL), autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield _with_path(DATABASE_URL, f"/{name}")
    finally:
        with psycopg.connect(_admin_dsn(DATABASE_URL), autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def shared_redis() -> Iterator[str]:
    url = _with_path(REDIS_URL, f"/{REDIS_DB}")
    client = redis.Redis.from_url(url)
    client.flushdb()
    yield url
    client.flushdb()


def _server_env(database_url: str, redis_url: str, s3_endpoint: str, data_dir: Path) -> dict:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("KAUSA_", "REDIS_", "DATABASE_URL", "AWS_", "DJANGO_ALLOW_ASYNC"))
    }
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "kausa.settings",
            # development settings without debug: production would need collectstatic
            # (about a minute here) for the login and staff pages
            "KAUSA_ENV": "development",
            "KAUSA_DEBUG": "false",
            "KAUSA_DATA_DIR": str(data_dir),
            "DATABASE_URL": database_url,
            "REDIS_URL": redis_url,
            "KAUSA_S3_BUCKET": BUCKET,
            "KAUSA_S3_ENDPOINT_URL": s3_endpoint,
            "KAUSA_S3_ACCESS_KEY_ID": "kausa-test",
            "KAUSA_S3_SECRET_ACCESS_KEY": "kausa-test-secret",
            "KAUSA_S3_REGION": REGION,
            "KAUSA_EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
            "KAUSA_TASKS_IMMEDIATE": "true",
            # 200 registrations come from one address here; behind a real proxy they would
            # come from 200 people
            "KAUSA_RATELIMIT_PUBLIC_WRITES": "off",
            "KAUSA_LOG_LEVEL": "WARNING",
            "PYTHONUNBUFFERED": "1",
        }
    )
    return env


def _kausa() -> str:
    return str(Path(sys.executable).with_name("kausa"))


def _start_server(port: int, env: dict, log_path: Path) -> subprocess.Popen:
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "kausa.wsgi:application",
        f"--bind=127.0.0.1:{port}",
        "--workers=2",
        "--threads=4",
        f"--timeout={REQUEST_TIMEOUT}",
        "--log-level=warning",
        "--error-logfile=-",
    ]
    with log_path.open("wb") as log:
        return subprocess.Popen(  # noqa: S603 - fixed interpreter and arguments
            command, stdout=log, stderr=subprocess.STDOUT, env=env
        )


def _stop(servers: list[subprocess.Popen]) -> None:
    for server in servers:
        server.send_signal(signal.SIGINT)  # quick shutdown: nothing is in flight any more
    for server in servers:
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(timeout=10)


def _worker_rss_mb(server: subprocess.Popen) -> list[float]:
    """Resident memory of the server's workers (Linux /proc), MB; empty elsewhere."""
    rss = []
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            fields = dict(line.split(":", 1) for line in status.read_text().splitlines())
        except (OSError, ValueError):
            continue
        if fields.get("PPid", "").strip() == str(server.pid) and "VmRSS" in fields:
            rss.append(int(fields["VmRSS"].split()[0]) / 1024)
    return rss


class Browser:
    """A person's browser: one cookie jar for every server, no automatic redirects."""

    class _NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    def __init__(self) -> None:
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.jar), self._NoRedirect
        )

    def cookie(self, name: str) -> str:
        return next((c.value or "" for c in self.jar if c.name == name), "")

    def request(
        self, url: str, *, data: bytes | None = None, content_type: str = ""
    ) -> tuple[int, dict[str, str], bytes]:
        headers = {"Content-Type": content_type} if content_type else {}
        request = urllib.request.Request(url, data=data, headers=headers)  # noqa: S310
        try:
            with self.opener.open(request, timeout=REQUEST_TIMEOUT) as response:
                return response.status, dict(response.headers), response.read()
        except urllib.error.HTTPError as error:
            return error.code, dict(error.headers), error.read()

    def post_form(self, url: str, fields: dict[str, str]) -> tuple[int, dict[str, str], bytes]:
        body = urlencode(fields | {"csrfmiddlewaretoken": self.cookie("csrftoken")}).encode()
        return self.request(url, data=body, content_type="application/x-www-form-urlencoded")

    def post_multipart(self, url: str, fields: dict) -> tuple[int, dict[str, str], bytes]:
        fields = fields | {"csrfmiddlewaretoken": self.cookie("csrftoken")}
        return self.request(
            url, data=encode_multipart(BOUNDARY, fields), content_type=MULTIPART_CONTENT
        )


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
        return error.code, {"detail": error.read().decode(errors="replace")[:500]}


def _get_json(url: str) -> dict:
    with urllib.request.urlopen(url, timeout=REQUEST_TIMEOUT) as response:  # noqa: S310
        return json.loads(response.read())


def _wait_until_serving(servers: dict[str, subprocess.Popen], urls: dict[str, str], logs: dict):
    deadline = time.monotonic() + START_TIMEOUT
    waiting = set(servers)
    while waiting and time.monotonic() < deadline:
        for name in sorted(waiting):
            if servers[name].poll() is not None:
                pytest.fail(f"server {name} exited:\n{logs[name].read_text(errors='replace')}")
            try:
                urllib.request.urlopen(urls[name], timeout=5).close()  # noqa: S310
                waiting.discard(name)
            except urllib.error.HTTPError:
                waiting.discard(name)  # it answers; what it answers is the test's business
            except OSError:
                pass
        time.sleep(0.2)
    assert not waiting, f"servers {sorted(waiting)} did not answer within {START_TIMEOUT} s"


def _setup(env: dict) -> dict:
    result = subprocess.run(  # noqa: S603 - fixed executable and arguments
        [
            _kausa(),
            "shell",
            "-c",
            f"EMAIL={EMAIL!r}\nPASSWORD={PASSWORD!r}\nSEATS={SEATS}\n" + SETUP,
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=START_TIMEOUT + 60,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    line = next(x for x in result.stdout.splitlines() if x.startswith("SETUP "))
    return json.loads(line.removeprefix("SETUP "))


def _registrations(urls: list[str], event: int) -> list[tuple[int, dict]]:
    def register(number: int) -> tuple[int, dict]:
        base = urls[number % 2]  # alternating between the two servers
        payload = {"name": f"Person {number}", "email": f"p{number}@mail.test", "consent": True}
        return _post_json(f"{base}/api/v1/events/{event}/registrations", payload)

    with ThreadPoolExecutor(max_workers=CLIENTS) as pool:
        return list(pool.map(register, range(REQUESTS)))


def _offer_ids(base: str) -> set[int]:
    body = _get_json(f"{base}/api/v1/offers?plz=10115&radius_km=25&limit=100")
    return {hit["id"] for hit in body["results"]}


def test_two_servers_share_seats_sessions_files_and_offers(
    tmp_path, timings, s3, scratch_database, shared_redis
):
    s3_endpoint, s3_client = s3
    ports = {"A": _free_port(), "B": _free_port()}
    base = {name: f"http://127.0.0.1:{port}" for name, port in ports.items()}
    envs = {
        name: _server_env(scratch_database, shared_redis, s3_endpoint, tmp_path / name)
        for name in ports
    }
    for env in envs.values():
        env["KAUSA_SITE_URL"] = base["A"]  # one address for both, as behind a proxy
    logs = {name: tmp_path / f"gunicorn-{name}.log" for name in ports}
    timings.lap("moto S3 server, bucket, scratch database, Redis db 5 emptied")

    # The servers boot while the database is migrated; they touch it only when asked.
    servers = {name: _start_server(ports[name], envs[name], logs[name]) for name in ports}
    try:
        ids = _setup(envs["A"])
        timings.lap("migrate + reference data + office, event, material, offer")
        event = ids["event"]
        _wait_until_serving(servers, {n: f"{base[n]}/api/v1/events/{event}" for n in ports}, logs)
        timings.lap("both gunicorns answering (2 workers x 4 threads each)")

        _check_registrations(base, event, scratch_database, timings)
        browser = _check_file_and_session(
            base, ids, scratch_database, s3_client, tmp_path, shared_redis, timings
        )
        _check_offer_index(base, ids, browser, scratch_database, timings)
        rss = {name: _worker_rss_mb(server) for name, server in servers.items()}
        print(
            "worker RSS (MB): "
            + ", ".join(f"{n}: {' / '.join(f'{v:.0f}' for v in r)}" for n, r in rss.items())
        )
    finally:
        _stop(list(servers.values()))
        for name, log in logs.items():
            text = log.read_text(errors="replace").strip()
            if text:
                print(f"---- gunicorn {name} log ----\n{text[-4000:]}")
        timings.lap("servers stopped")


def _check_registrations(base: dict, event: int, database_url: str, timings: Timings) -> None:
    answers = _registrations([base["A"], base["B"]], event)
    elapsed = timings.lap(f"{REQUESTS} registrations, {CLIENTS} at a time, A/B alternating")
    print(
        f"{REQUESTS} registrations for {SEATS} seats in {elapsed:.2f} s "
        f"({REQUESTS / elapsed:.0f}/s) over two servers"
    )

    failures = [(status, body) for status, body in answers if status != 201]
    assert failures == [], failures[:5]
    statuses = [body["status"] for _s, body in answers]
    assert statuses.count("confirmed") == SEATS
    positions = sorted(b["waitlist_position"] for _s, b in answers if b["status"] == "waitlisted")
    assert positions == list(range(1, REQUESTS - SEATS + 1))

    with psycopg.connect(database_url.replace("postgres://", "postgresql://", 1)) as db:
        rows = db.execute(
            "SELECT status, waitlist_number, party_size, email FROM events_registration "
            "WHERE event_id = %s ORDER BY created_at, id",
            [event],
        ).fetchall()
    assert len(rows) == REQUESTS
    assert len({r[3] for r in rows}) == REQUESTS  # nobody twice
    assert sum(r[2] for r in rows if r[0] == "confirmed") == SEATS
    # in order: every seat went to someone who came before everyone on the waitlist
    assert [r[0] for r in rows] == ["confirmed"] * SEATS + ["waitlisted"] * (REQUESTS - SEATS)
    assert [r[1] for r in rows if r[0] == "waitlisted"] == list(range(1, REQUESTS - SEATS + 1))


def _check_file_and_session(
    base: dict,
    ids: dict,
    database_url: str,
    s3_client,
    tmp_path: Path,
    redis_url: str,
    timings: Timings,
) -> Browser:
    browser = Browser()
    status, _h, _b = browser.request(f"{base['A']}/de/accounts/login/")
    assert status == 200
    status, headers, _b = browser.post_form(
        f"{base['A']}/de/accounts/login/", {"username": EMAIL, "password": PASSWORD}
    )
    assert status == 302, "login on server A failed"
    assert headers["Location"] == "/de/staff/"

    upload = SimpleUploadedFile("elternbrief.pdf", PDF, content_type="application/pdf")
    status, _h, body = browser.post_multipart(
        f"{base['A']}/de/staff/toolkit/{ids['material']}/",
        {"language": "de", "title": "", "link": "", "file": upload},
    )
    assert status == 302, body.decode(errors="replace")[-2000:]
    timings.lap("login and toolkit upload on server A")

    with psycopg.connect(database_url.replace("postgres://", "postgresql://", 1)) as db:
        version, name = db.execute(
            "SELECT id, file FROM network_materialversion WHERE material_id = %s",
            [ids["material"]],
        ).fetchone()
    keys = [o["Key"] for o in s3_client.list_objects_v2(Bucket=BUCKET).get("Contents", [])]
    assert keys == [name]
    assert s3_client.get_object(Bucket=BUCKET, Key=name)["Body"].read() == PDF
    assert not [p for p in tmp_path.rglob("media/*") if p.is_file()]  # no server kept a copy

    url = f"{base['B']}/de/toolkit/files/{version}/"
    status, headers, body = browser.request(url)  # server B, the session from server A
    assert status == 200
    assert body == PDF
    assert headers["Content-Type"] == "application/pdf"
    assert Browser().request(url)[0] == 404  # restricted: not for anonymous visitors
    timings.lap("download on server B with A's session (+ anonymous refused)")

    # Redis loses everything (a restart without persistence): the session lives on in the
    # database, nobody is logged out.
    redis.Redis.from_url(redis_url).flushdb()
    status, _h, body = browser.request(url)
    assert status == 200
    assert body == PDF
    timings.lap("Redis emptied: session still valid on server B")
    return browser


def _check_offer_index(
    base: dict, ids: dict, browser: Browser, database_url: str, timings: Timings
) -> None:
    # Searches on both servers, several at once, so that (very likely) every worker has
    # built its index; no request can choose its worker.
    with ThreadPoolExecutor(max_workers=8) as pool:
        seen = list(pool.map(_offer_ids, [base["A"], base["B"]] * 8))
    assert all(found == {ids["offer"]} for found in seen)
    timings.lap("16 offer searches (every worker builds its index)")

    add_url = f"{base['B']}/de/admin/companies/offer/add/"
    assert browser.request(add_url)[0] == 200
    status, _h, body = browser.post_form(
        add_url,
        {
            "organisation": str(ids["office"]),
            "company": str(ids["company"]),
            "occupation": str(ids["occupation"]),
            "start_date": ids["start"],
            "places": "2",
            "places_filled": "0",
            "required_certificate": "none",
            "required_german": "none",
            "description": "",
            "status": "open",
            "source": "kausa",
            "external_id": "",
            "_save": "Sichern",
        },
    )
    assert status == 302, body.decode(errors="replace")[-3000:]
    with psycopg.connect(database_url.replace("postgres://", "postgresql://", 1)) as db:
        (new_offer,) = db.execute(
            "SELECT max(id) FROM companies_offer WHERE company_id = %s", [ids["company"]]
        ).fetchone()
    assert new_offer != ids["offer"]
    timings.lap("offer added on server B (Django admin)")

    with ThreadPoolExecutor(max_workers=8) as pool:
        seen = list(pool.map(_offer_ids, [base["A"]] * 8 + [base["B"]] * 8))
    assert all(found == {ids["offer"], new_offer} for found in seen), seen
    timings.lap("16 searches on A and B: every one finds the new offer")
