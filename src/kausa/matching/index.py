"""The offer index a process searches: one shared, memory-mapped index per machine, or (when
none was built) the process's own, built from the database in one query.

**Shared index** (issue 17): ``kausa build-offer-index`` (a management command, and the
task ``kausa.matching.index_tasks.offer_index_build_task``) reads the open offers, builds
the engine's arrays and grid once and writes them as ``.npy`` files to
``<KAUSA_DATA_DIR>/offer-index/v<N>/`` (``KAUSA_OFFER_INDEX_DIR`` overrides the place),
then replaces the pointer file ``current`` atomically (``engine.stored``). Web workers map
the current version read-only (``np.load(mmap_mode="r")``): the pages are shared by every
worker on the machine, mapping costs milliseconds, and a request never builds the index
while a built one exists.

**Version**: one row of ``OfferIndexVersion`` (``counter``, ``full``), bumped after every
commit that changed offers or companies (signals connected in apps.py, and the import
service after bulk writes). ``full`` moves when a change cannot be patched in from
``updated_at`` (deletions, bulk writes); a task then rebuilds the shared index. A worker
reads the row (a primary-key lookup) and the pointer file at most every
``CHECK_SECONDS``; with Redis as the cache, writers and builds also bump a cache counter,
read on every request, so a change is seen at once.

**Between builds**, a worker patches in the few offers changed since the version it
searches (``updated_at`` of the offer or its company after the build started, with an
overlap for late commits): their old rows are retired and their current versions searched
in a small delta index next to the big arrays. More than ``SHARED_PATCH_LIMIT`` changed
rows are not patched in a request: the worker asks for a build and serves the version it
has until the new one is published.

**Without a built index** (first start, tests, development) the process builds its own
(about 60 bytes per offer) and asks for a shared build when a task queue runs
(``KAUSA_OFFER_INDEX_SHARED`` false turns shared use off). It is rebuilt in full when
``full`` moves, or when the patched rows exceed ``PATCH_SHARE`` of the index. A corrupt or
missing stored version is logged and falls back to this.

The public data of the offers shown (company, occupation, ...) is cached per process and
dropped for every offer a refresh touches (all of it when another version is mapped).
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path
from typing import Any

import numpy as np
from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError, connection, connections, transaction
from django.db.models import F
from django.db.models.functions import Coalesce
from django.db.models.signals import post_delete
from django.utils import timezone

from kausa.companies.models import Company, Offer
from kausa.core.cache_safe import cache_call
from kausa.core.sql import OneRowQuery
from kausa.matching.engine import OfferArrays, OfferIndex, Seeker, stored, unit_vectors
from kausa.matching.engine.weights import GERMAN_RANK, REQUIRED_CERT_RANK
from kausa.matching.models import OfferIndexVersion

logger = logging.getLogger("kausa.matching.index")

CACHE_KEY = "matching:offer-index-version"
FULL_KEY = "matching:offer-index-full"
BUILD_QUEUED_KEY = "matching:offer-index-build-queued"
_deferred: ContextVar[bool] = ContextVar("offer_index_invalidation_deferred", default=False)
CHECK_SECONDS = 1.0  # version row and pointer file, at most this often per process
PATCH_SHARE = 0.05  # own index: rebuild in full when more than 5 % of the rows were patched
SHARED_PATCH_LIMIT = 500  # shared index: more changed rows wait for the next build
# re-read rows changed shortly before the last refresh (transactions that committed late,
# clocks of several app servers); bulk writers ask for a full rebuild instead
OVERLAP = dt.timedelta(seconds=10)
VERSION_PK = 1
_UNKNOWN = object()
# a search at the centre of Germany, run once as a worker starts
WARM_SEEKER = Seeker(lat=51.16, lon=10.45, available_from=739000, radius_km=25)

_lock = threading.Lock()


def _fresh_state() -> dict[str, Any]:
    return {
        "index": None,
        "source": None,  # "shared" (a mapped version) or "own" (built by this process)
        "name": None,  # the mapped version
        "bad": None,  # a stored version that failed to load (not tried again)
        "counter": None,  # version row the index reflects (or has seen)
        "full": None,
        "announced": None,  # the last cache counters seen
        "checked": 0.0,
        "delta": {},
        "public": {},
        "since": None,
        "refreshes": {"full": 0, "patch": 0, "mapped": 0},
    }


_state: dict[str, Any] = _fresh_state()

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


def offer_arrays() -> OfferArrays:
    """The open offers with a free place as engine columns, equal to
    ``OfferArrays.from_rows(offer_rows())`` but read with one server-side cursor in
    chunks straight into numpy (no Django row objects)."""
    qs = (
        Offer.objects.filter(status=Offer.Status.OPEN, places_filled__lt=F("places"))
        .order_by()
        .annotate(
            index_lat=Coalesce("company__lat", "company__postal_code__lat"),
            index_lon=Coalesce("company__lon", "company__postal_code__lon"),
            index_free=F("places") - F("places_filled"),
        )
        .values_list(
            "id",
            "index_lat",
            "index_lon",
            "occupation_id",
            "occupation__kldb_id",
            "required_certificate",
            "required_german",
            "start_date",
            "index_free",
        )
    )
    sql, params = qs.query.sql_with_params()
    parts: list[list[np.ndarray]] = [[] for _ in range(9)]
    kldb: dict[Any, int] = {}
    epoch = dt.date(1970, 1, 1).toordinal()
    # a client-side cursor: a server-side one makes PostgreSQL plan for the first rows
    # (nested loops over the joins), several times slower for all of them
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        while chunk := cursor.fetchmany(50_000):
            cols = list(zip(*chunk, strict=True))
            for code in set(cols[4]) - kldb.keys():
                kldb[code] = int(code)
            converted: tuple[np.ndarray, ...] = (
                np.asarray(cols[0], np.int64),
                np.asarray(cols[1], np.float64),
                np.asarray(cols[2], np.float64),
                np.asarray(cols[3], np.int32),
                np.fromiter((kldb[k] for k in cols[4]), np.int32, len(chunk)),
                np.fromiter((REQUIRED_CERT_RANK[c] for c in cols[5]), np.int8, len(chunk)),
                np.fromiter((GERMAN_RANK[g] for g in cols[6]), np.int8, len(chunk)),
                # dates (PostgreSQL) or ISO text (SQLite) -> date.toordinal()
                (np.asarray(cols[7], "datetime64[D]").astype(np.int64) + epoch).astype(np.int32),
                np.asarray(cols[8], np.int16),
            )
            for part, column in zip(parts, converted, strict=True):
                part.append(column)
    if not parts[0]:
        return OfferArrays.empty()
    ids, lat, lon, occ, kl, cert, german, start, free = (np.concatenate(p) for p in parts)
    return OfferArrays(
        ids=ids,
        xyz=unit_vectors(lat, lon),
        occupation=occ,
        kldb=kl,
        cert_rank=cert,
        german_rank=german,
        start=start,
        free=free,
        open=np.ones(len(ids), np.bool_),
    )


def offer_index_build() -> OfferIndex:
    return OfferIndex(offer_arrays())


# --- the version row ----------------------------------------------------------------------


_version_row = OneRowQuery(
    lambda pk: OfferIndexVersion.objects.filter(pk=pk).values_list("counter", "full")
)


def index_version() -> tuple[int, int]:
    """(counter, full) of the version row: one primary-key lookup, its SQL compiled by the
    ORM once per process (every worker reads it about once a second: 0.1 ms instead of 0.6)."""
    row = _version_row.fetch(VERSION_PK)
    return (int(row[0]), int(row[1])) if row is not None else (0, 0)


def _bump_version(full: bool) -> None:
    changes: dict[str, Any] = {"counter": F("counter") + 1, "changed_at": timezone.now()}
    if full:
        changes["full"] = F("full") + 1
    if not OfferIndexVersion.objects.filter(pk=VERSION_PK).update(**changes):
        OfferIndexVersion.objects.get_or_create(pk=VERSION_PK)
        OfferIndexVersion.objects.filter(pk=VERSION_PK).update(**changes)


def _after_commit() -> None:
    _bump_version(False)
    _announce(False)


def _after_commit_full() -> None:
    _bump_version(True)
    _announce(True)
    request_build()


def _hook_pending(hook: Any) -> bool:
    conn = transaction.get_connection()
    return any(entry[1] is hook for entry in conn.run_on_commit)


def offer_index_invalidate(*, full: bool = False, signal: Any = None, **_: Any) -> None:
    """Tell every process that offers changed (signal receiver and service hook);
    ``full``: the writer bypassed ``updated_at`` or deleted rows, rebuild in full (a
    deletion, ``post_delete``, always counts as full).

    The version row moves after the commit (one update per transaction, so a long import
    never holds its lock); the cache counter (Redis) moves now and again after the commit:
    another server that searched in between saw the new stamp but not yet the rows, and
    looks again when the row moves. Saving an offer never fails because of the cache."""
    if _deferred.get():
        return
    full = full or signal is post_delete
    _announce(full)
    _state["checked"] = 0.0
    if transaction.get_connection().in_atomic_block:
        hook = _after_commit_full if full else _after_commit
        if not _hook_pending(hook):
            transaction.on_commit(hook)
        return
    _bump_version(full)
    if full:
        request_build()


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


def _announce(full: bool) -> None:
    for key in (CACHE_KEY, FULL_KEY) if full else (CACHE_KEY,):
        cache_call("offer-index-invalidate", _bump, key, default=False)


def _bump(key: str) -> bool:
    try:
        cache.incr(key)
    except ValueError:
        cache.set(key, 1, timeout=None)
    return True


def offer_index_forget() -> None:
    """Drop this process's index (tests: each test's offers roll back at its end); the
    next search maps the shared version or builds its own again."""
    with _lock:
        _state.update(index=None, source=None, name=None, bad=None, delta={}, public={})
        _state["checked"] = 0.0


def public_cache() -> dict[int, dict[str, Any]]:
    """Offer id -> public data, valid as long as the index (entries of offers that a
    refresh touches are dropped)."""
    return _state["public"]


def refresh_counts() -> dict[str, int]:
    """How often this process built its own index, patched one, mapped a shared one."""
    return dict(_state["refreshes"])


def index_source() -> str | None:
    """ "shared" (a mapped version), "own" (built by this process) or None (not yet)."""
    return _state["source"]


# --- the shared index on disk --------------------------------------------------------------


def index_root() -> Path:
    configured = getattr(settings, "KAUSA_OFFER_INDEX_DIR", "")
    return Path(configured) if configured else Path(settings.DATA_DIR) / "offer-index"


def shared_enabled() -> bool:
    return bool(getattr(settings, "KAUSA_OFFER_INDEX_SHARED", True))


def database_identity() -> str:
    """Which database a stored index was built from: a version built from another
    database (a test run next to a development data directory) is never used."""
    s = connection.settings_dict
    return f"{connection.vendor}:{s.get('HOST') or ''}:{s.get('PORT') or ''}:{s.get('NAME')}"


def build_shared(*, if_stale: bool = False, full: bool = False) -> dict[str, Any]:
    """Build the index and publish it as the current shared version (the task and
    `kausa build-offer-index`); a summary. ``if_stale``: do nothing when the current
    version already reflects the version row.

    Incremental unless ``full``: the current version's arrays without the offers changed
    since it was built, plus their current rows (read through the ``updated_at`` indexes),
    when the result has exactly as many offers as the database counts (else something
    was deleted or written around ``updated_at``: a full build, one query over all)."""
    root = index_root()
    current = _current_manifest(root)
    if if_stale and current is not None and current["meta"]["version"] == list(index_version()):
        return {"built": False, "name": stored.current(root), "reason": "current"}
    started = time.perf_counter()
    since = _safe_since()
    version = index_version()  # before the rows: a later change moves the row past it
    arrays = None if full or current is None else _incremental_arrays(root, current)
    kind = "incremental" if arrays is not None else "full"
    if arrays is None:
        arrays = offer_arrays()
    read = time.perf_counter() - started
    index = OfferIndex(arrays)
    index.grid  # noqa: B018 - build the grid now, it is stored with the arrays
    built = time.perf_counter() - started - read
    meta = {
        "version": list(version),
        "since": since.isoformat(),
        "database": database_identity(),
        "built_at": timezone.now().isoformat(),
        "kind": kind,
    }
    name = stored.write(root, index, meta)
    total = time.perf_counter() - started
    _announce(False)  # workers with Redis look at the pointer now, not within a second
    logger.info("offer index %s (%s): %d offers in %.1f s", name, kind, len(index), total)
    return {
        "built": True,
        "kind": kind,
        "name": name,
        "offers": len(index),
        "read_s": read,
        "build_s": built,
        "write_s": total - read - built,
        "total_s": total,
    }


INCREMENTAL_SHARE = 0.25  # more changed offers than this share: a full build


def _safe_since() -> dt.datetime:
    """The time from which the next version must re-read changes: now, or the start of
    the oldest transaction still open (PostgreSQL), whose rows carry an ``updated_at``
    from before its commit."""
    now = timezone.now()
    if connection.vendor != "postgresql":
        return now
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT min(xact_start) FROM pg_stat_activity WHERE datname = current_database()"
            " AND xact_start IS NOT NULL AND pid <> pg_backend_pid()"
        )
        (oldest,) = cursor.fetchone()
    return min(now, oldest) if oldest is not None else now


def _incremental_arrays(root: Path, manifest: dict[str, Any]) -> OfferArrays | None:
    name = stored.current(root)
    try:
        base, _ = stored.load(root, str(name))
        since = dt.datetime.fromisoformat(manifest["meta"]["since"]) - OVERLAP
    except (stored.StoredIndexError, KeyError, ValueError) as exc:
        logger.warning("offer index %s: full build (%s)", name, exc)
        return None
    ids = _changed_ids(since, int(INCREMENTAL_SHARE * len(base)) + 1000)
    if ids is None:
        return None
    rows: list[tuple[Any, ...]] = []
    for lo in range(0, len(ids), 5000):
        rows += (
            Offer.objects.filter(
                id__in=ids[lo : lo + 5000],
                status=Offer.Status.OPEN,
                places_filled__lt=F("places"),
            )
            .order_by()
            .values_list(*INDEX_FIELDS)
        )
    arrays = base.arrays.replaced(
        np.asarray(ids, np.int64), OfferArrays.from_rows(_engine_row(r) for r in rows)
    )
    expected = Offer.objects.filter(status=Offer.Status.OPEN, places_filled__lt=F("places")).count()
    return arrays if len(arrays) == expected else None


def _current_manifest(root: Path) -> dict[str, Any] | None:
    """The manifest of the current version when it was built from this database."""
    name = stored.current(root)
    if name is None:
        return None
    try:
        manifest = stored.read_manifest(root, name)
    except stored.StoredIndexError:
        return None
    return manifest if manifest["meta"].get("database") == database_identity() else None


def _can_enqueue() -> bool:
    """A build can go to a task worker (not the in-process backend of development)."""
    from django_tasks import task_backends
    from django_tasks.backends.immediate import ImmediateBackend

    return shared_enabled() and not isinstance(task_backends["default"], ImmediateBackend)


def request_build() -> bool:
    """Ask a task worker to build and publish the shared index (at most one request per
    couple of seconds per cache); False when no task worker can take it."""
    if not _can_enqueue():
        return False
    if not cache_call("offer-index-build-queued", cache.add, BUILD_QUEUED_KEY, 1, 2, default=True):
        return True  # asked a moment ago
    from django_tasks import task_backends
    from django_tasks_rq import RQBackend

    from kausa.core.cache_safe import CACHE_ERRORS
    from kausa.matching.index_tasks import offer_index_build_task

    backend = task_backends["default"]
    try:
        if isinstance(backend, RQBackend):  # not FailSafeRQBackend's in-process fallback
            RQBackend.enqueue(backend, offer_index_build_task, (), {})
        else:
            backend.enqueue(offer_index_build_task, (), {})
    except CACHE_ERRORS as exc:
        logger.warning("offer index build not queued (%s)", type(exc).__name__)
        return False
    return True


def offer_index_warm(*, check: bool = True) -> bool:
    """Map the current shared version before the first request (kausa.wsgi, as a web
    worker starts), page tables filled, nothing built. True when a version was mapped.

    ``check``: also read the version row (and patch in what changed since the build),
    then close the database connection again (a ``gunicorn --preload`` master must not
    hand an open connection to its workers); a database that is down only leaves the
    check to the first request."""
    if not shared_enabled():
        return False
    name = stored.current(index_root())
    if name is None:
        return False
    with _lock:
        mapped = _map_shared(name, None, populate=True)
        _state["announced"] = None  # the first request compares with the cache and row
    if not mapped:
        return False
    _state["index"].rank_count(WARM_SEEKER, k=20)  # every code path once (no database)
    if check:
        try:
            offer_index()
        except DatabaseError as exc:
            logger.warning("offer index: version not checked at start (%s)", exc)
        finally:
            connections.close_all()
    return True


def _map_shared(name: str, announced: dict[str, Any] | None, *, populate: bool = False) -> bool:
    """Map version ``name`` and serve it; False (logged once) when it cannot be used.
    ``announced`` None: the cache counters are not known yet (taken as they are at the
    first check: the version row decides whether something changed)."""
    root = index_root()
    try:
        index, manifest = stored.load(root, name, populate=populate)
        if manifest["meta"].get("database") != database_identity():
            raise stored.StoredIndexError(f"{name}: built from another database")
        since = dt.datetime.fromisoformat(manifest["meta"]["since"])
        counter, full = manifest["meta"]["version"]
    except (stored.StoredIndexError, KeyError, TypeError, ValueError) as exc:
        logger.error("offer index %s not used: %s", name, exc)
        _state["bad"] = name
        return False
    _state.update(
        index=index,
        source="shared",
        name=name,
        counter=(counter, _UNKNOWN if announced is None else announced.get(CACHE_KEY)),
        full=(full, _UNKNOWN if announced is None else announced.get(FULL_KEY)),
        delta={},
        public={},
        since=since,
    )
    _state["refreshes"]["mapped"] += 1
    return True


# --- this process's own index ---------------------------------------------------------------


def _own_build(counter: Any, full: Any) -> OfferIndex:
    since = timezone.now()
    index = offer_index_build()
    _state.update(
        index=index,
        source="own",
        name=None,
        counter=counter,
        full=full,
        delta={},
        public={},
        since=since,
    )
    _state["refreshes"]["full"] += 1
    request_build()
    return index


def _changed_ids(since: dt.datetime, limit: int) -> list[int] | None:
    """Offers changed since ``since`` (the offer's or its company's ``updated_at``, each
    through its own index); None when more than ``limit``."""
    mine = Offer.objects.filter(updated_at__gte=since).order_by().values_list("id", flat=True)
    ids = set(mine[: limit + 1])
    if len(ids) > limit:
        return None
    companies = Company.objects.filter(updated_at__gte=since).order_by().values("id")
    via = Offer.objects.filter(company__in=companies).order_by().values_list("id", flat=True)
    ids.update(via[: limit + 1])
    return sorted(ids) if len(ids) <= limit else None


def _patch(index: OfferIndex, limit: int) -> bool:
    """Read the offers changed since the last refresh and patch them in; False when more
    than ``limit`` rows changed (or the patches would exceed it)."""
    started = timezone.now()
    ids = _changed_ids(_state["since"] - OVERLAP, limit)
    if ids is None:
        return False
    rows = list(Offer.objects.filter(id__in=ids).order_by().values_list(*INDEX_FIELDS, "status"))
    delta: dict[int, tuple[Any, ...]] = _state["delta"]
    public = _state["public"]
    for oid in ids:
        public.pop(oid, None)
        delta.pop(oid, None)  # deleted, or no longer open: only retired
    for r in rows:
        if r[-1] == Offer.Status.OPEN and r[11] < r[10]:
            delta[r[0]] = _engine_row(r[:-1])
    index.patch(ids, OfferArrays.from_rows(delta.values()))
    if index.patched_rows > max(limit, 1) and _state["source"] == "own":
        return False
    _state["refreshes"]["patch"] += 1
    _state["since"] = started
    return True


def forget_index() -> None:
    """Drop this process's index; the next search reads the offers again. For a database
    replaced underneath a running process (the browser tests put back a copy of the demo
    data), where the version row can go back to a number this process has seen."""
    with _lock:
        _state.update(_fresh_state())


def offer_index() -> OfferIndex:
    """The current index: the shared version when one is published, patched with the
    changes since; else this process's own."""
    announced = cache_call("offer-index-stamp", cache.get_many, [CACHE_KEY, FULL_KEY], default=None)
    now = time.monotonic()
    with _lock:
        index = _state["index"]
        if announced is None:  # cache down: the version row alone
            announced = _state["announced"] or {}
        if (
            index is not None
            and announced == _state["announced"]
            and now - _state["checked"] < CHECK_SECONDS
        ):
            return index
        _state["announced"] = announced
        _state["checked"] = now
        row_counter, row_full = index_version()
        # the row moves after commits; the cache counters at once (and, in one process
        # without Redis, also inside a transaction that has not committed yet)
        counter = (row_counter, announced.get(CACHE_KEY))
        full = (row_full, announced.get(FULL_KEY))
        if shared_enabled():
            name = stored.current(index_root())
            if name is not None and name not in (_state["name"], _state["bad"]):
                _map_shared(name, announced)
        index = _state["index"]
        if _state["source"] == "shared":
            for key, now_seen in (("counter", counter), ("full", full)):
                if _state[key][1] is _UNKNOWN:  # mapped as the worker started
                    _state[key] = (_state[key][0], now_seen[1])
            return _refresh_shared(index, counter, full)
        if index is None or full != _state["full"]:
            return _own_build(counter, full)
        if counter != _state["counter"]:
            if not _patch(index, int(PATCH_SHARE * max(1, len(index)))):
                return _own_build(counter, full)
            _state["counter"] = counter
        return index


def _refresh_shared(index: OfferIndex, counter: Any, full: Any) -> OfferIndex:
    if counter == _state["counter"] and full == _state["full"]:
        return index
    if full != _state["full"] and not _can_enqueue():
        # development without a task worker: nobody would build, so this process does
        return _own_build(counter, full)
    if full != _state["full"]:
        # deletions or an import: the next version has them. No patch meanwhile: reading
        # up to SHARED_PATCH_LIMIT changed rows would hold up this request (4-15 ms at a
        # million offers) for a version that is a second or two away
        request_build()
    elif not _patch(index, SHARED_PATCH_LIMIT):
        request_build()  # too much to patch in a request: serve this version until then
    _state["counter"] = counter
    _state["full"] = full
    return index
