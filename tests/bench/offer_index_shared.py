"""Benchmark of the shared offer index against the per-process one (issue 17, item 1).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/kausa_idx \\
    KAUSA_OFFER_INDEX_DIR=/tmp/idxbench/offer-index \\
    .venv/bin/python tests/bench/offer_index_shared.py --workers 3 --changes 10000

For each mode ("shared": workers map the built index; "own": each worker builds its own,
as before issue 17) it starts fresh worker processes (spawned, like a gunicorn worker
after a restart) and reports per worker: the memory unique to it (USS, psutil) before
the first search and after warm searches, the first search and the median warm search.
Then, while every worker keeps searching, it changes ``--changes`` open offers in one
transaction and announces them as a large import does (``offer_index_invalidate(full=True)``
after the commit); in "shared" mode this process then runs the build task as the task
worker would. Reported: seconds from the commit until every worker serves the new
version, the slowest search meanwhile and the median before; and as "normal", the same
searches in a control window of ``--control`` seconds right before the change (median, p99,
slowest). Each search's time is split into the version check, the public-data query and
the rest (the index).

Searches: the public offer search (``selectors.offer_search(public=True)``, index plus the
public data of the 20 hits) at random postal codes, 25 km. Run on a database of your own:
it changes offers.
"""

from __future__ import annotations

import argparse
import gc
import json
import multiprocessing as mp
import os
import statistics
import sys
import time
from typing import Any

SEARCH_PAUSE = 0.02  # seconds between the searches of a worker during the change


def _setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kausa.settings")
    import django

    django.setup()


def _origins(n: int, seed: int) -> list[tuple[float, float]]:
    import numpy as np

    from kausa.reference.models import PostalCode

    codes = list(PostalCode.objects.exclude(state_code="").values_list("lat", "lon"))
    rng = np.random.default_rng(seed)
    return [codes[int(i)] for i in rng.integers(0, len(codes), n)]


def _uss() -> float:
    """Memory unique to this process in MB (psutil when installed: it is no dependency of
    Kausa; else the Private_* lines of /proc/self/smaps_rollup, the same sum)."""
    try:
        import psutil
    except ImportError:
        with open("/proc/self/smaps_rollup", encoding="utf-8") as rollup:
            kib = sum(int(line.split()[1]) for line in rollup if line.startswith("Private_"))
        return kib * 1024 / 1e6
    return float(psutil.Process().memory_full_info().uss) / 1e6


def _index_pages(root: Any) -> dict[str, float]:
    """Pages of the mapped index files: private to this process (touched by no other
    worker) and shared, in MB (/proc/self/smaps)."""
    private = shared = 0
    inside = False
    with open("/proc/self/smaps", encoding="utf-8") as smaps:
        for line in smaps:
            head = line.split()
            if head and "-" in head[0] and len(head) >= 5:  # a mapping's first line
                inside = len(head) >= 6 and head[5].startswith(str(root))
            elif inside and head[0] in ("Private_Clean:", "Private_Dirty:"):
                private += int(head[1])
            elif inside and head[0] in ("Shared_Clean:", "Shared_Dirty:"):
                shared += int(head[1])
    return {"index_files_private_mb": private / 1024, "index_files_shared_mb": shared / 1024}


def worker(mode: str, seed: int, conn: Any, warm_db: bool, freeze: bool) -> None:
    _setup()
    from django.conf import settings
    from django.db import connection

    from kausa.matching import index
    from kausa.matching.selectors import Origin, offer_search

    if mode == "own":
        settings.KAUSA_OFFER_INDEX_SHARED = False
    else:  # production: the task worker builds (here: the parent process)
        index._can_enqueue = lambda: True  # type: ignore[assignment]
        index.request_build = lambda: True  # type: ignore[assignment]
    origins = _origins(400, seed)
    connection.ensure_connection()
    # Django's own cold start (URLconf, translations) is not the index's: done first
    from django.urls import reverse

    reverse("matching:offer_detail", args=[1])
    uss_before = _uss()
    started = time.perf_counter()
    index.offer_index_warm()  # what kausa.wsgi does as a web worker starts
    warm_map = time.perf_counter() - started
    if freeze:  # as kausa.wsgi does next
        from kausa.core.heap import freeze_startup_objects

        freeze_startup_objects()
    # full collections (generation 2) and how long each took
    full_collections: list[tuple[float, float]] = []
    collection_started = [0.0]

    def collections(phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            collection_started[0] = time.perf_counter()
        elif info["generation"] == 2:
            full_collections.append((time.time(), time.perf_counter() - collection_started[0]))

    gc.callbacks.append(collections)
    if warm_db:  # a connection again, PostgreSQL's catalog caches for a search's tables
        from kausa.matching.selectors import _public_rows

        _public_rows([1])

    from kausa.matching import selectors

    db_time = [0.0]
    public_rows = selectors._public_rows

    def timed_rows(ids: list[int]) -> Any:  # the query part of a search, timed apart
        started = time.perf_counter()
        try:
            return public_rows(ids)
        finally:
            db_time[0] += time.perf_counter() - started

    selectors._public_rows = timed_rows  # type: ignore[assignment]

    def search(i: int) -> float:
        lat, lon = origins[i % len(origins)]
        started = time.perf_counter()
        offer_search(public=True, origin=Origin(lat, lon, "x"), radius_km=25)
        return time.perf_counter() - started

    first = search(0)
    warm = [search(i) for i in range(1, 61)]
    report = {
        "pid": os.getpid(),
        "source": index.index_source(),
        "uss_before_mb": uss_before,
        "map_at_start_s": warm_map,
        "first_s": first,
        "warm_median_s": statistics.median(warm),
    }
    conn.send(report)
    conn.recv()  # every worker is warm: measure, then search until told to stop
    conn.send({"uss_after_mb": _uss(), **_index_pages(index.index_root())})
    samples = []
    i = 61
    while not conn.poll():
        started = time.perf_counter()
        index.offer_index()  # the version check (and a patch or a mapping), timed apart
        check = time.perf_counter() - started
        db_time[0] = 0.0
        latency = check + search(i)
        state = index._state
        samples.append(
            (time.time(), latency, state["name"], state["refreshes"]["full"], check, db_time[0])
        )
        i += 1
        time.sleep(SEARCH_PAUSE)
    conn.send((samples, full_collections))


def change_offers(n: int, seed: int) -> float:
    """Change n open offers in one transaction, like an import; the commit time."""
    import numpy as np
    from django.db import transaction
    from django.db.models import F
    from django.utils import timezone

    from kausa.companies.models import Offer
    from kausa.matching.index import offer_index_invalidate

    ids = list(
        Offer.objects.filter(status=Offer.Status.OPEN, places_filled__lt=F("places"))
        .order_by()
        .values_list("id", flat=True)
    )
    rng = np.random.default_rng(seed)
    pick = [int(ids[i]) for i in rng.choice(len(ids), n, replace=False)]
    now = timezone.now()
    with transaction.atomic():
        half = len(pick) // 2
        Offer.objects.filter(id__in=pick[:half]).update(
            places_filled=F("places"), updated_at=now
        )  # filled: leave the index
        Offer.objects.filter(id__in=pick[half:]).update(
            required_german="B1", updated_at=now
        )  # changed requirement: stays, scores differ
        transaction.on_commit(lambda: offer_index_invalidate(full=True))
    return time.time()


def run_mode(
    mode: str,
    workers: int,
    changes: int,
    seed: int,
    warm_db: bool = False,
    control: float = 12.0,
    freeze: bool = True,
) -> dict[str, Any]:
    from kausa.matching.index_tasks import offer_index_build_locked

    ctx = mp.get_context("spawn")
    pipes, procs = [], []
    for w in range(workers):
        parent, child = ctx.Pipe()
        proc = ctx.Process(target=worker, args=(mode, seed + w, child, warm_db, freeze))
        proc.start()
        pipes.append(parent)
        procs.append(proc)
    reports = [p.recv() for p in pipes]
    for p in pipes:
        p.send("go")
    for report, p in zip(reports, pipes, strict=True):
        report.update(p.recv())
    # a control window: the same searches for as long as the change window, nothing changed
    control_from = time.time()
    time.sleep(control)
    committed = change_offers(changes, seed)
    build: dict[str, Any] = {}
    if mode == "shared":
        build = offer_index_build_locked(if_stale=False)  # the task worker's job
    # the workers keep searching: long enough for the shared build and the mapping, or
    # for each worker's own rebuild of a million offers
    time.sleep(max(0.0, committed + (15 if mode == "shared" else 75) - time.time()))
    for p in pipes:
        p.send("stop")
    received = [p.recv() for p in pipes]
    samples = [r[0] for r in received]
    collections = [c for r in received for c in r[1] if c[0] >= control_from]
    for proc in procs:
        proc.join()
    before = [s[1] for ws in samples for s in ws if s[0] < committed]
    after = [s for ws in samples for s in ws if s[0] >= committed]
    served_at = []
    for ws in samples:
        start_full = next((s[3] for s in ws if s[0] < committed), None)
        t = next(
            (s[0] for s in ws if s[0] >= committed and _is_new(mode, build, s, start_full)),
            None,
        )
        served_at.append(None if t is None else t - committed)
    window_end = committed + max((t or 0.0) for t in served_at) + 1.0
    during = [s[1] for s in after if s[0] <= window_end]
    calm = [s[1] for ws in samples for s in ws if control_from + 0.5 <= s[0] < committed]
    # the slowest search of each stretch of the control as long as the change window: what
    # "the slowest of a window that long" is without a change
    length = window_end - committed
    slices: dict[int, float] = {}
    for ws in samples:
        for s in ws:
            if control_from + 0.5 <= s[0] < committed:
                n = int((s[0] - control_from - 0.5) // length)
                slices[n] = max(slices.get(n, 0.0), s[1])
    whole = [v for n, v in slices.items() if control_from + 0.5 + (n + 1) * length <= committed]
    return {
        "full_collections": len(collections),
        "full_collection_slowest_s": max((c[1] for c in collections), default=0.0),
        "control_windows_slowest_s": sorted(whole),
        "median_control_s": statistics.median(calm) if calm else None,
        "slowest_control_s": max(calm) if calm else None,
        "p99_control_s": sorted(calm)[int(0.99 * (len(calm) - 1))] if calm else None,
        "searches_control": len(calm),
        "slowest_control": sorted(
            (
                (round(s[0] - committed, 2), round(s[1], 3), round(s[4], 3), round(s[5], 3))
                for ws in samples
                for s in ws
                if control_from + 0.5 <= s[0] < committed
            ),
            key=lambda x: -x[1],
        )[:5],
        "mode": mode,
        "workers": reports,
        "build": build,
        "served_after_s": served_at,
        "median_before_s": statistics.median(before) if before else None,
        "slowest_during_s": max(during) if during else None,
        "searches_during": len(during),
        "slowest_during": sorted(
            (
                (round(s[0] - committed, 2), round(s[1], 3), s[2], round(s[4], 3), round(s[5], 3))
                for s in after
                if s[0] <= window_end
            ),
            key=lambda x: -x[1],
        )[:5],
        "p99_during_s": sorted(during)[int(0.99 * (len(during) - 1))] if during else None,
    }


def _is_new(mode: str, build: dict[str, Any], sample: tuple[Any, ...], start_full: Any) -> bool:
    if mode == "shared":
        return sample[2] == build.get("name")
    return start_full is not None and sample[3] > start_full


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--changes", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--modes", default="shared,own")
    parser.add_argument(
        "--no-freeze",
        action="store_true",
        help="workers without kausa.wsgi's gc.freeze() after the start (as before)",
    )
    parser.add_argument(
        "--control",
        type=float,
        default=12.0,
        help="seconds of searches before the change, as the normal to compare with",
    )
    parser.add_argument(
        "--warm-db",
        action="store_true",
        help="one query over the search's tables before the first search (PostgreSQL "
        "fills its catalog caches per connection; the API pays that too)",
    )
    args = parser.parse_args()
    _setup()
    from kausa.matching.index_tasks import offer_index_build_locked

    started = time.perf_counter()
    full = offer_index_build_locked(if_stale=False, full=True)
    print(f"full build: {json.dumps(full)} ({time.perf_counter() - started:.1f} s)")
    results = []
    for n, mode in enumerate(args.modes.split(",")):
        result = run_mode(
            mode,
            args.workers,
            args.changes,
            args.seed + 100 * n,
            args.warm_db,
            args.control,
            not args.no_freeze,
        )
        results.append(result)
        print(json.dumps(result, indent=1, default=str))
        sys.stdout.flush()
    print(
        "\nmode    worker  USS before  USS after  +index  (of it mapped index pages touched"
        " by this worker alone; shared)  first search  warm median"
    )
    for r in results:
        for w in r["workers"]:
            print(
                f"{r['mode']:7} {w['pid']:7} {w['uss_before_mb']:8.0f} MB"
                f" {w['uss_after_mb']:7.0f} MB"
                f" {w['uss_after_mb'] - w['uss_before_mb']:5.0f} MB"
                f" ({w['index_files_private_mb']:.0f} MB; {w['index_files_shared_mb']:.0f} MB)"
                f" {w['first_s'] * 1000:10.1f} ms"
                f" {w['warm_median_s'] * 1000:9.1f} ms"
                f"  (mapped at start in {w['map_at_start_s'] * 1000:.1f} ms)"
            )
    print(
        "\nmode    new version served after (s)   control: median  p99  slowest"
        "   during the change: p99  slowest (x the control's slowest)  build"
    )
    for r in results:
        served = ", ".join("-" if s is None else f"{s:.1f}" for s in r["served_after_s"])
        build = r["build"].get("total_s")
        windows = ", ".join(f"{v * 1000:.0f}" for v in r["control_windows_slowest_s"])
        ms = {
            key: (r[key] or 0) * 1000 for key in r if key.endswith("_s") and key != "served_after_s"
        }
        ratio = ms["slowest_during_s"] / ms["slowest_control_s"] if ms["slowest_control_s"] else 0
        print(
            f"{r['mode']:7} {served:30} {ms['median_control_s']:9.1f} ms"
            f" {ms['p99_control_s']:5.1f} ms {ms['slowest_control_s']:6.1f} ms"
            f" {ms['p99_during_s']:16.1f} ms {ms['slowest_during_s']:7.1f} ms ({ratio:.1f}x)"
            f"  {'-' if build is None else f'{build:.1f} s ' + r['build']['kind']}"
        )
        print(f"        slowest of each control stretch as long as the change window: {windows} ms")
        print(
            f"        full collections in the workers while measured: {r['full_collections']},"
            f" slowest {r['full_collection_slowest_s'] * 1000:.1f} ms"
        )


if __name__ == "__main__":
    main()
