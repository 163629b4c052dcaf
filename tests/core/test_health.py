"""/healthz tells the truth: database, cache, task queue and disk, each named when failing,
and the answer comes within 3 s even when Redis is dead or hangs."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import socket
import subprocess
import sys
import threading
import time
import uuid
from collections import namedtuple
from collections.abc import Iterator

import pytest
from django.db import OperationalError
from django.test import Client

pytestmark = pytest.mark.django_db

REDIS_URL = os.environ.get("REDIS_URL", "")
needs_redis = pytest.mark.skipif(not REDIS_URL, reason="needs Redis: set REDIS_URL (CI does)")
DEAD_REDIS = "redis://127.0.0.1:1/0"  # nothing listens on port 1: connection refused
REDIS_CACHE = "django.core.cache.backends.redis.RedisCache"


def _redis_cache(url: str) -> dict:
    from django.conf import settings

    options = settings.KAUSA_REDIS_CACHE_OPTIONS  # the timeouts production uses
    return {"default": {"BACKEND": REDIS_CACHE, "LOCATION": url, "OPTIONS": options}}


def _healthz() -> tuple[int, dict, float]:
    started = time.perf_counter()
    response = Client().get("/healthz")
    return response.status_code, response.json(), time.perf_counter() - started


@pytest.fixture
def hung_redis() -> Iterator[str]:
    """A server that accepts connections and never answers (a Redis that hangs)."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(50)
    accepted: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        server.settimeout(0.1)
        while not stop.is_set():
            try:
                accepted.append(server.accept()[0])
            except OSError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield f"redis://127.0.0.1:{server.getsockname()[1]}/0"
    stop.set()
    thread.join(timeout=2)
    for conn in accepted:
        conn.close()
    server.close()


def test_healthy_answer_names_every_part_with_its_time():
    status, body, _ = _healthz()
    assert status == 200, body
    assert body["status"] == "ok" and body["failing"] == []
    expected = {"database", "cache", "disk"} | ({"queue"} if REDIS_URL else set())
    assert set(body["checks"]) == expected
    for name in expected:
        assert body[name] == "ok"
        assert body["checks"][name]["status"] == "ok"
        assert isinstance(body["checks"][name]["ms"], float)
    assert body["checks"]["disk"]["free_mb"] > 0


def test_database_down_answers_503_naming_the_database(monkeypatch):
    def broken_cursor(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr("django.db.connection.cursor", broken_cursor)
    status, body, seconds = _healthz()
    assert status == 503
    assert body["failing"] == ["database"] and body["database"] == "failing"
    assert body["checks"]["database"]["error"] == "unavailable (OperationalError)"
    assert "connection refused" not in str(body)  # the public answer names no internals
    assert seconds < 3


def test_dead_redis_cache_answers_503_naming_the_cache(settings):
    settings.CACHES = _redis_cache(DEAD_REDIS)
    status, body, seconds = _healthz()
    assert status == 503
    assert "cache" in body["failing"] and body["cache"] == "failing"
    assert body["database"] == "ok"
    assert seconds < 3


def test_hung_redis_answers_503_within_3_seconds(settings, hung_redis):
    settings.CACHES = _redis_cache(hung_redis)
    settings.RQ_QUEUES = {"default": {"URL": hung_redis}}
    status, body, seconds = _healthz()
    assert status == 503
    assert {"cache", "queue"} <= set(body["failing"])
    assert body["database"] == "ok" and body["disk"] == "ok"
    assert seconds < 3


@needs_redis
def test_job_waiting_too_long_answers_503_naming_the_queue(settings):
    from redis import Redis
    from rq import Queue

    name = f"healthz-test-{uuid.uuid4().hex[:8]}"
    settings.RQ_QUEUES = {name: {"URL": REDIS_URL}}
    settings.KAUSA_HEALTH_QUEUE_MAX_AGE = 900
    queue = Queue(name, connection=Redis.from_url(REDIS_URL))
    try:
        job = queue.enqueue("os.getcwd")
        status, body, _ = _healthz()
        assert status == 200 and body["checks"]["queue"]["waiting"] == 1, body

        job.enqueued_at = job.enqueued_at - dt.timedelta(seconds=901)
        job.save()
        status, body, seconds = _healthz()
        assert status == 503
        assert body["failing"] == ["queue"] and body["queue"] == "failing"
        assert "waited 901 s" in body["checks"]["queue"]["error"]
        assert seconds < 3
    finally:
        queue.delete(delete_jobs=True)


def test_low_disk_space_answers_503_naming_the_disk(settings, monkeypatch):
    settings.KAUSA_HEALTH_MIN_FREE_MB = 500
    usage = namedtuple("usage", "total used free")
    monkeypatch.setattr(shutil, "disk_usage", lambda path: usage(10**12, 10**12, 100 * 2**20))
    status, body, seconds = _healthz()
    assert status == 503
    assert body["failing"] == ["disk"] and body["disk"] == "failing"
    assert "100 MB free" in body["checks"]["disk"]["error"]
    assert seconds < 3


def test_redis_cache_and_queue_get_short_socket_timeouts_from_settings():
    code = (
        "import kausa.settings as s; print(s.CACHES['default']['OPTIONS']); "
        "print(s.RQ_QUEUES['default']['URL'])"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith(("KAUSA_", "REDIS_"))}
    result = subprocess.run(  # noqa: S603 - our own interpreter and code
        [sys.executable, "-c", code],
        env=env | {"REDIS_URL": "redis://r:6379/0", "DJANGO_SETTINGS_MODULE": "kausa.settings"},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    options, queue_url = result.stdout.split("\n")[:2]
    assert options == "{'socket_connect_timeout': 1, 'socket_timeout': 2}"
    assert queue_url == "redis://r:6379/0?socket_connect_timeout=1&socket_timeout=2"
