"""Cache calls that survive a cache outage.

The shared cache (Redis in production) only ever speeds things up or counts; a request
must never fail because it is down. Every cache read or write on a public request path
goes through :func:`cache_call`: an outage is logged (at most once a minute per
operation, not once per request), the caller gets its ``default``, and for a few seconds
the cache is not tried again.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from typing import Any, TypeVar

from redis.exceptions import RedisError

logger = logging.getLogger("kausa.cache")

T = TypeVar("T")

# redis.exceptions.ConnectionError and TimeoutError are RedisErrors; socket errors that
# escape redis-py (and errors of other network caches) are OSErrors.
CACHE_ERRORS: tuple[type[Exception], ...] = (RedisError, OSError)

LOG_EVERY_SECONDS = 60.0
# After a failure the cache is left alone for a moment: with a hung Redis every call would
# otherwise wait for its socket timeout.
PAUSE_SECONDS = 15.0
_last_logged: dict[str, float] = {}
_log_lock = threading.Lock()
_paused_until = [0.0]


def _warn(operation: str, exc: Exception) -> None:
    now = time.monotonic()
    with _log_lock:
        if now - _last_logged.get(operation, -LOG_EVERY_SECONDS) < LOG_EVERY_SECONDS:
            return
        _last_logged[operation] = now
    logger.warning("cache unavailable (%s): %s: %s", operation, type(exc).__name__, exc)


def cache_call(operation: str, fn: Callable[..., T], *args: Any, default: T, **kwargs: Any) -> T:
    """``fn(*args, **kwargs)``, or ``default`` when the cache cannot be reached.

    ``operation`` names the call site in the log line (never a key: keys may hold data).
    """
    if time.monotonic() < _paused_until[0]:
        return default
    try:
        return fn(*args, **kwargs)
    except CACHE_ERRORS as exc:
        _paused_until[0] = time.monotonic() + PAUSE_SECONDS
        _warn(operation, exc)
        return default


def reset() -> None:
    """Try the cache again at once (tests, after a simulated outage)."""
    _paused_until[0] = 0.0
    with _log_lock:
        _last_logged.clear()
