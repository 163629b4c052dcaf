"""The offer index of this process: built from the database in one query, then refreshed
incrementally when offers change.

Version stamp: a counter in the shared cache, bumped when an offer or company is saved or
deleted (signals connected in apps.py, and by the import service after bulk writes), plus
a check of the database itself (count and latest change of offers and companies) at most
every ``DB_CHECK_SECONDS``, which also catches writes that bypass signals.

When the stamp moved, only the offers changed since the last refresh are read
(``updated_at`` of the offer or its company after the time of the last refresh, with an
overlap for transactions that committed late) and patched in: their old rows are retired and their
current versions (and new offers) are searched in a small delta index next to the big
arrays. A full rebuild happens only when offers were deleted (the count does not add up),
when a writer asks for it (``offer_index_invalidate(full=True)``), or when the patched rows
exceed ``PATCH_SHARE`` of the index. Each web worker keeps its own copy of the arrays
(about 60 bytes per offer: 60 MB for 1,000,000 offers).

The public data of the offers shown (company, occupation, ...) is cached per process as
well and dropped for every offer the refresh touches.
"""

from __future__ import annotations

import datetime as dt
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import partial
from typing import Any

import numpy as np
from django.core.cache import cache
from django.db import transaction
from django.db.models import Count, F, Max, Q
from django.utils import timezone

from kausa.companies.models import Company, Offer
from kausa.core.cache_safe import cache_call
from kausa.matching.engine import OfferArrays, OfferIndex

CACHE_KEY = "matching:offer-index-version"
_deferred: ContextVar[bool] = ContextVar("offer_index_invalidation_deferred", default=False)
FULL_KEY = "matching:offer-index-full"
DB_CHECK_SECONDS = 30.0
PATCH_SHARE = 0.05  # rebuild in full when more than 5 % of the rows were patched
# re-read rows changed shortly before the last refresh (transactions that committed late,
# clocks of several app servers); bulk writers ask for a full rebuild instead
OVERLAP = dt.timedelta(seconds=10)

_lock = threading.Lock()
_state: dict[str, Any] = {
    "index": None,
    "counter": None,
    "full": None,
    "db_stamp": None,
    "checked": 0.0,
    "all_ids": None,
    "delta": {},
    "public": {},
    "since": None,
    "refreshes": {"full": 0, "patch": 0},
}

INDEX_FIELDS = (
    "id",
    "company__lat",
    "company__lon",
    "company__postal_code__lat",
    "company__postal_code__lon",
    "occupation_id",
    "occupation__kldb_id",
    "required_certificate",
    "required_german",
    "start_date",
    "places",
    "places_filled",
)


def _engine_row(values: tuple[Any, ...]) -> tuple[Any, ...]:
    oid, lat, lon, plz_lat, plz_lon, occ, kldb, cert, german, start, places, filled = values
    return (
        oid,
        lat if lat is not None else plz_lat,
        lon if lon is not None else plz_lon,
        occ,
        kldb,
        cert,
        german,
        start.toordinal(),
        places - filled,
        True,
    )


def offer_rows() -> list[tuple[Any, ...]]:
    """The open offers with a free place, as engine rows, in one query."""
    rows = (
        Offer.objects.filter(status=Offer.Status.OPEN, places_filled__lt=F("places"))
        .order_by()
        .values_list(*INDEX_FIELDS)
    )
    return [_engine_row(r) for r in rows.iterator(chunk_size=20000)]


def offer_index_build() -> OfferIndex:
    return OfferIndex(OfferArrays.from_rows(offer_rows()))


def _db_stamp() -> tuple[int, Any, Any]:
    offers = Offer.objects.order_by().aggregate(n=Count("id"), last=Max("updated_at"))
    company = Company.objects.order_by().aggregate(last=Max("updated_at"))["last"]
    return offers["n"], offers["last"], company


def offer_index_invalidate(*, full: bool = False, **_: Any) -> None:
    """Tell every process that offers changed (signal receiver and service hook);
    ``full``: the writer bypassed ``updated_at``, rebuild in full.

    With the shared cache down the other processes still see the change by their database
    check; saving an offer never fails because of the cache.

    Inside a transaction the stamp moves now and again after the commit: another server
    that searched in between saw the new stamp but not yet the rows, and would otherwise
    trust its index until its next database check (``DB_CHECK_SECONDS``)."""
    if _deferred.get():
        return
    _bump_all(full)
    _state["checked"] = 0.0
    if transaction.get_connection().in_atomic_block:
        transaction.on_commit(partial(_bump_all, full))


@contextmanager
def offer_index_invalidation_deferred() -> Iterator[None]:
    """For bulk writers (`kausa generate --clear` deletes a million offers, each a signal):
    one full invalidation at the end instead of one, with its after-commit hook, per row.
    Per context (thread), so other requests of the process still invalidate as usual."""
    token = _deferred.set(True)
    try:
        yield
    finally:
        _deferred.reset(token)
        offer_index_invalidate(full=True)


def _bump_all(full: bool) -> None:
    for key in (CACHE_KEY, FULL_KEY) if full else (CACHE_KEY,):
        if not cache_call("offer-index-invalidate", _bump, key, default=False) and full:
            _state["index"] = None  # at least this process rebuilds in full


def _bump(key: str) -> bool:
    try:
        cache.incr(key)
    except ValueError:
        cache.set(key, 1, timeout=None)
    return True


def public_cache() -> dict[int, dict[str, Any]]:
    """Offer id -> public data, valid as long as the index (entries of offers that a
    refresh touches are dropped)."""
    return _state["public"]


def refresh_counts() -> dict[str, int]:
    return dict(_state["refreshes"])


def _full_build(counter: Any, full: Any, db_stamp: tuple[int, Any, Any]) -> OfferIndex:
    since = timezone.now()
    index = offer_index_build()
    index.version = (counter, db_stamp)
    _state.update(
        index=index,
        counter=counter,
        full=full,
        db_stamp=db_stamp,
        all_ids=np.sort(np.fromiter(Offer.objects.values_list("id", flat=True), np.int64)),
        delta={},
        public={},
        since=since,
    )
    _state["refreshes"]["full"] += 1
    return index


def _patch(index: OfferIndex, db_stamp: tuple[int, Any, Any]) -> bool:
    """Read the offers changed since the last stamp and patch them in; False when a full
    rebuild is due (a deletion, or too many patched rows)."""
    since = _state["since"] - OVERLAP
    changed_q = Q(updated_at__gte=since) | Q(company__updated_at__gte=since)
    if Offer.objects.filter(changed_q).count() > PATCH_SHARE * max(1, len(index)):
        return False
    started = timezone.now()
    rows = list(
        Offer.objects.filter(changed_q)
        .order_by()
        .values_list(*INDEX_FIELDS, "status")
        .iterator(chunk_size=20000)
    )
    ids = np.fromiter((r[0] for r in rows), np.int64, count=len(rows))
    known = _state["all_ids"]
    pos = np.searchsorted(known, ids)
    pos = np.minimum(pos, max(0, len(known) - 1))
    new = ids[(known[pos] != ids)] if len(known) else ids
    if db_stamp[0] != len(known) + len(new):  # something was deleted: rebuild
        return False
    delta: dict[int, tuple[Any, ...]] = _state["delta"]
    public = _state["public"]
    for r in rows:
        oid, status = r[0], r[-1]
        public.pop(oid, None)
        if status == Offer.Status.OPEN and r[11] < r[10]:
            delta[oid] = _engine_row(r[:-1])
        else:
            delta.pop(oid, None)
    index.patch(ids.tolist(), OfferArrays.from_rows(delta.values()))
    if index.patched_rows > PATCH_SHARE * max(1, len(index)):
        return False
    if len(new):
        _state["all_ids"] = np.union1d(known, new)
    _state["refreshes"]["patch"] += 1
    _state["since"] = started
    return True


def offer_index() -> OfferIndex:
    """The current index; patched (or rebuilt) when the version stamp moved."""
    stamps = cache_call("offer-index-stamp", cache.get_many, [CACHE_KEY, FULL_KEY], default=None)
    now = time.monotonic()
    with _lock:
        if stamps is None:  # cache down: rely on the database check alone
            stamps = {CACHE_KEY: _state["counter"], FULL_KEY: _state["full"]}
        counter, full = stamps.get(CACHE_KEY), stamps.get(FULL_KEY)
        index = _state["index"]
        fresh = index is not None and counter == _state["counter"]
        if fresh and now - _state["checked"] < DB_CHECK_SECONDS:
            return index
        db_stamp = _db_stamp()
        _state["checked"] = now
        if fresh and db_stamp == _state["db_stamp"]:
            return index
        if index is None or full != _state["full"] or not _patch(index, db_stamp):
            return _full_build(counter, full, db_stamp)
        index.version = (counter, db_stamp)
        _state.update(counter=counter, db_stamp=db_stamp)
        return index
