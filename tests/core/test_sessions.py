"""Sessions with Redis in front of the database: an emptied or unreachable Redis logs nobody
out and fails no request; ending a session never leaves a copy behind in the cache."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.sessions.models import Session
from django.core.cache.backends.base import BaseCache
from django.core.cache.backends.locmem import LocMemCache
from django.test import Client
from redis.exceptions import ConnectionError as RedisConnectionError

from kausa.core import cache_safe
from kausa.core.sessions import SessionStore

pytestmark = pytest.mark.django_db

STAFF_HOME = "/de/staff/"


class SwitchableCache(LocMemCache):
    """A local cache that can be 'unplugged' like a Redis behind a broken network."""

    down = False

    def _check(self) -> None:
        if SwitchableCache.down:
            raise RedisConnectionError("Error 111 connecting to redis:6379. Connection refused.")

    def get(self, *args: Any, **kwargs: Any) -> Any:
        self._check()
        return super().get(*args, **kwargs)

    def set(self, *args: Any, **kwargs: Any) -> None:
        self._check()
        super().set(*args, **kwargs)

    def has_key(self, *args: Any, **kwargs: Any) -> bool:
        self._check()
        return super().has_key(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> bool:
        self._check()
        return super().delete(*args, **kwargs)


@pytest.fixture
def sessions_cache(settings) -> BaseCache:
    settings.CACHES = settings.CACHES | {
        "sessions": {
            "BACKEND": f"{__name__}.SwitchableCache",
            "LOCATION": "kausa-test-sessions",
        }
    }
    settings.SESSION_CACHE_ALIAS = "sessions"
    settings.SESSION_ENGINE = "kausa.core.sessions"
    from django.core.cache import caches

    cache = caches["sessions"]
    cache.clear()
    SwitchableCache.down = False
    cache_safe.reset()
    yield cache
    SwitchableCache.down = False
    cache_safe.reset()


def _log_in(user, password) -> Client:
    client = Client()
    response = client.post("/de/accounts/login/", {"username": user.email, "password": password})
    assert response.status_code == 302
    return client


def test_session_is_kept_in_cache_and_database(sessions_cache, advisor, password):
    client = _log_in(advisor, password)
    key = client.cookies["sessionid"].value
    assert Session.objects.filter(session_key=key).exists()
    assert sessions_cache.get(f"django.contrib.sessions.cached_db{key}") is not None


def test_emptied_cache_logs_nobody_out(sessions_cache, advisor, password):
    client = _log_in(advisor, password)
    sessions_cache.clear()  # Redis restarted without its data
    assert client.get(STAFF_HOME).status_code == 200


def test_unreachable_cache_fails_no_request_and_logs_nobody_out(sessions_cache, advisor, password):
    client = _log_in(advisor, password)
    sessions_cache.clear()
    SwitchableCache.down = True
    assert client.get(STAFF_HOME).status_code == 200  # read from the database
    other = _log_in(advisor, password)  # a new session while the cache is down
    assert other.get(STAFF_HOME).status_code == 200


def test_session_cannot_end_while_its_cached_copy_cannot_be_removed(
    sessions_cache, advisor, password
):
    client = _log_in(advisor, password)
    key = client.cookies["sessionid"].value
    store = SessionStore(key)
    store.load()
    SwitchableCache.down = True
    with pytest.raises(RedisConnectionError):
        store.flush()  # what logging out does
    SwitchableCache.down = False
    cache_safe.reset()
    # nothing half-done: the session is still whole in the database and the cache
    assert Session.objects.filter(session_key=key).exists()
    assert client.get(STAFF_HOME).status_code == 200
    client.post("/de/accounts/logout/")
    assert not Session.objects.filter(session_key=key).exists()
    assert sessions_cache.get(f"django.contrib.sessions.cached_db{key}") is None
    assert client.get(STAFF_HOME).status_code == 302
