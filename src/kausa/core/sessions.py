"""Sessions for several app servers: Django's ``cached_db`` with the cache as a speed-up only.

Reads come from the shared cache (Redis), every write goes to the database as well, so a
session made on one server is valid on all of them and an emptied Redis logs nobody out.
Django's own ``cached_db`` still fails a request when Redis cannot be reached (it writes the
session back to the cache after reading it from the database, and asks the cache whether a
new key is taken); here those calls go through :func:`kausa.core.cache_safe.cache_call`, so
during an outage sessions are read from and written to the database alone.

Ending a session is the exception: the cached copy is removed first, and if that fails the
request fails and the session stays as it was. Otherwise a session ended during an outage
could come back from a Redis that kept its data.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.sessions.backends.cached_db import SessionStore as CachedDBStore
from django.contrib.sessions.backends.db import SessionStore as DBStore
from django.core.cache import caches

from kausa.core.cache_safe import cache_call


class SessionStore(CachedDBStore):
    def __init__(self, session_key: str | None = None) -> None:
        super().__init__(session_key)
        self.shared_cache = caches[settings.SESSION_CACHE_ALIAS]

    def load(self) -> dict[str, Any]:
        cached = cache_call("session-read", self.shared_cache.get, self.cache_key, default=None)
        if cached is not None:
            return dict(cached)
        stored = self._get_session_from_db()  # type: ignore[attr-defined]  # not in the stubs
        if stored is None:
            return {}
        data = self.decode(stored.session_data)
        expiry = self.get_expiry_age(expiry=stored.expire_date)
        cache_call(
            "session-write", self.shared_cache.set, self.cache_key, data, expiry, default=None
        )
        return data

    def exists(self, session_key: str | None) -> bool:
        if session_key and cache_call(
            "session-read",
            self.shared_cache.has_key,
            self.cache_key_prefix + session_key,
            default=False,
        ):
            return True
        return DBStore.exists(self, session_key)  # type: ignore[arg-type]

    def save(self, must_create: bool = False) -> None:
        DBStore.save(self, must_create)
        # what DBStore.save just wrote (Django's private accessor; the stubs lack it)
        data = self._get_session(no_load=must_create)  # type: ignore[attr-defined]
        expiry = self.get_expiry_age()
        cache_call(
            "session-write", self.shared_cache.set, self.cache_key, data, expiry, default=None
        )

    def delete(self, session_key: str | None = None) -> None:
        key = session_key or self.session_key
        if key is None:
            return
        # raises while Redis is unreachable: nothing is deleted then
        self.shared_cache.delete(self.cache_key_prefix + key)
        DBStore.delete(self, key)
