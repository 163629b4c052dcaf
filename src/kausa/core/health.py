"""What /healthz checks: the database, the cache, the task queue and free disk space.

Each part answers ``ok`` or ``failing`` with its time; the whole check is done within
``DEADLINE_SECONDS`` even when Redis hangs: the Redis parts run in threads with short
socket timeouts, and a part that has not answered by the deadline is failing.
"""

from __future__ import annotations

import shutil
import threading
import time
import uuid
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import wait as wait_for
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.cache import caches
from django.db import connections

DEADLINE_SECONDS = 2.5
REDIS_TIMEOUT_SECONDS = 1.0
OLDEST_JOBS_LOOKED_AT = 10  # jobs put at the front of a queue may be younger than others


class Failing(Exception):
    """A part answered, but not well enough (a job waits too long, the disk is full)."""


@dataclass
class Part:
    name: str
    ok: bool = False
    ms: float = 0.0
    error: str = ""
    facts: dict[str, Any] = field(default_factory=dict)

    def as_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"status": "ok" if self.ok else "failing", "ms": self.ms}
        if self.error:
            data["error"] = self.error
        return data | self.facts


def _run(name: str, check: Callable[[], dict[str, Any]]) -> Part:
    part = Part(name)
    started = time.perf_counter()
    try:
        part.facts = check()
        part.ok = True
    except Failing as exc:
        part.error = str(exc)
    except Exception as exc:  # any error of a part means: failing
        # the class only: messages may name hosts and users, and /healthz is public
        part.error = f"unavailable ({type(exc).__name__})"
    part.ms = round((time.perf_counter() - started) * 1000, 1)
    return part


def check_database() -> dict[str, Any]:
    with connections["default"].cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return {}


def check_cache() -> dict[str, Any]:
    key = f"kausa:healthz:{uuid.uuid4().hex}"
    cache = caches["default"]
    try:
        cache.set(key, "ok", timeout=10)
        if cache.get(key) != "ok":
            raise Failing("the cache does not keep what is written")
    finally:
        cache.delete(key)
    return {}


_queue_connections: dict[str, Any] = {}
_executor: ThreadPoolExecutor | None = None
_executor_lock = threading.Lock()


def _queue_connection(name: str, config: dict[str, Any]) -> Any:
    """A client of the health check's own (its short timeouts stay here), kept for the next
    check: a new connection per check cost about 4 ms."""
    key = f"{name} {sorted(config.items())!r}"
    connection = _queue_connections.get(key)
    if connection is None:
        from django_rq.connection_utils import get_redis_connection

        connection = get_redis_connection(config)
        connection.connection_pool.connection_kwargs.update(
            socket_connect_timeout=REDIS_TIMEOUT_SECONDS, socket_timeout=REDIS_TIMEOUT_SECONDS
        )
        _queue_connections[key] = connection
    return connection


def _threads() -> ThreadPoolExecutor:
    """Threads kept between checks (starting a pool per check cost about 1 ms). A hung Redis
    holds a thread for at most the socket timeout, so a few threads suffice."""
    global _executor
    with _executor_lock:
        if _executor is None:
            _executor = ThreadPoolExecutor(max_workers=4, thread_name_prefix="healthz")
        return _executor


def _oldest_wait(name: str, config: dict[str, Any]) -> tuple[int, float]:
    from rq import Queue
    from rq.job import Job

    connection = _queue_connection(name, config)
    try:
        queue = Queue(name, connection=connection)
        ids = queue.get_job_ids(0, OLDEST_JOBS_LOOKED_AT)
        jobs = Job.fetch_many(ids, connection=connection) if ids else []
    except Exception:
        _queue_connections.clear()  # the next check connects anew
        connection.close()
        raise
    times = [job.enqueued_at for job in jobs if job is not None and job.enqueued_at]
    oldest = min(times, default=None)
    age = (datetime.now(UTC) - oldest.replace(tzinfo=UTC)).total_seconds() if oldest else 0.0
    return queue.count, max(age, 0.0)


def check_queue() -> dict[str, Any]:
    max_age = settings.KAUSA_HEALTH_QUEUE_MAX_AGE
    facts: dict[str, Any] = {"waiting": 0, "oldest_seconds": 0}
    for name, config in settings.RQ_QUEUES.items():
        waiting, age = _oldest_wait(name, config)
        facts["waiting"] += waiting
        facts["oldest_seconds"] = max(facts["oldest_seconds"], int(age))
        if age > max_age:
            raise Failing(
                f"a job in queue {name!r} has waited {int(age)} s (more than {max_age} s): "
                "is a worker running?"
            )
    return facts


def _existing(path: Path) -> Path:
    while not path.exists() and path != path.parent:
        path = path.parent
    return path


def check_disk() -> dict[str, Any]:
    free_mb = shutil.disk_usage(_existing(Path(settings.DATA_DIR))).free // (1024 * 1024)
    minimum = settings.KAUSA_HEALTH_MIN_FREE_MB
    if free_mb < minimum:
        raise Failing(f"{free_mb} MB free in the data directory, less than {minimum} MB")
    return {"free_mb": free_mb}


def run_checks() -> list[Part]:
    """Every part, the Redis ones in threads, all answered or failed by the deadline."""
    deadline = time.perf_counter() + DEADLINE_SECONDS
    threaded: dict[str, Callable[[], dict[str, Any]]] = {"cache": check_cache}
    if settings.RQ_QUEUES:
        threaded["queue"] = check_queue
    executor = _threads()
    futures = {name: executor.submit(_run, name, check) for name, check in threaded.items()}
    parts = [_run("database", check_database), _run("disk", check_disk)]
    wait_for(futures.values(), timeout=max(0.0, deadline - time.perf_counter()))
    for name, future in futures.items():
        if future.done():
            parts.append(future.result())
        else:
            future.cancel()  # if it has not started: a hung Redis must not queue up checks
            parts.append(Part(name, ms=DEADLINE_SECONDS * 1000, error="no answer in time"))
    order = ["database", "cache", "queue", "disk"]
    return sorted(parts, key=lambda part: order.index(part.name))
