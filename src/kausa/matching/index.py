"""The offer index of this process: built from the database in one query, rebuilt only
when offers change.

Version stamp: a counter in the shared cache, bumped when an offer or company is saved or
deleted (signals connected in apps.py, and by the import service after bulk writes), plus
a check of the database itself (count and latest change of offers) at most every
``DB_CHECK_SECONDS``, which also catches writes that bypass signals. Each web worker keeps
its own copy of the arrays (about 60 bytes per offer: 60 MB for 1,000,000 offers).
"""

from __future__ import annotations

import threading
import time
from typing import Any

from django.core.cache import cache
from django.db.models import Count, F, Max

from kausa.companies.models import Offer
from kausa.matching.engine import OfferArrays, OfferIndex

CACHE_KEY = "matching:offer-index-version"
DB_CHECK_SECONDS = 30.0

_lock = threading.Lock()
_state: dict[str, Any] = {"index": None, "counter": None, "db_stamp": None, "checked": 0.0}

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


def offer_rows() -> list[tuple[Any, ...]]:
    """The open offers with a free place, as engine rows, in one query."""
    rows = (
        Offer.objects.filter(status=Offer.Status.OPEN, places_filled__lt=F("places"))
        .order_by()
        .values_list(*INDEX_FIELDS)
    )
    return [
        (
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
        for oid, lat, lon, plz_lat, plz_lon, occ, kldb, cert, german, start, places, filled in (
            rows.iterator(chunk_size=20000)
        )
    ]


def offer_index_build() -> OfferIndex:
    return OfferIndex(OfferArrays.from_rows(offer_rows()))


def _db_stamp() -> tuple[int, Any]:
    found = Offer.objects.order_by().aggregate(n=Count("id"), last=Max("updated_at"))
    return found["n"], found["last"]


def offer_index_invalidate(**_: Any) -> None:
    """Tell every process that offers changed (signal receiver and service hook)."""
    try:
        cache.incr(CACHE_KEY)
    except ValueError:
        cache.set(CACHE_KEY, 1, timeout=None)
    _state["checked"] = 0.0


def offer_index() -> OfferIndex:
    """The current index; rebuilt when the version stamp moved."""
    counter = cache.get(CACHE_KEY)
    now = time.monotonic()
    with _lock:
        index = _state["index"]
        fresh = index is not None and counter == _state["counter"]
        if fresh and now - _state["checked"] < DB_CHECK_SECONDS:
            return index
        db_stamp = _db_stamp()
        _state["checked"] = now
        if fresh and db_stamp == _state["db_stamp"]:
            return index
        index = offer_index_build()
        index.version = (counter, db_stamp)
        _state.update(index=index, counter=counter, db_stamp=db_stamp)
        return index
