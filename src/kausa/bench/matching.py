"""`kausa bench matching`: the matching engine at national scale (figures, not a test).

Synthetic but realistic data: offers and young people at real postal-code centres (drawn
uniformly over postal codes, so a district's share follows its number of postal codes, a
population proxy), jittered by up to ~2 km; occupations from the real catalogue with a
Zipf-like popularity (the common ones first).
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import gc
import os
import resource
import statistics
import time
from pathlib import Path
from typing import Any, TextIO

import numpy as np

from kausa.bench import check, new_matches
from kausa.matching import batch, engine
from kausa.matching.engine import OfferArrays, OfferIndex, PersonArrays, Seeker

DATA = Path(__file__).resolve().parent.parent / "reference" / "data"
START = dt.date(2027, 8, 1).toordinal()
AVAILABLE = dt.date(2027, 3, 1).toordinal()


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--offers", type=int, default=1_000_000)
    parser.add_argument("--people", type=int, default=450_000, help="national batch size")
    parser.add_argument(
        "--queries", type=int, default=300, help="one-person queries timed (different people)"
    )
    parser.add_argument(
        "--plain", type=int, default=100, help="of these, people also timed with the plain loop"
    )
    parser.add_argument("--sample", type=int, default=1000, help="recall sample of the batch")
    parser.add_argument("--radius", type=float, default=50.0, help="one-person radius, km")
    parser.add_argument(
        "--db-offers",
        type=int,
        default=0,
        help="also write N offers to the database and time "
        "the index build and the API (0: skip; uses DATABASE_URL)",
    )
    parser.add_argument("--api-requests", type=int, default=200)
    parser.add_argument("--keep-db", action="store_true", help="keep the benchmark offers")
    parser.add_argument("--seed", type=int, default=4)
    parser.add_argument(
        "--mismatch",
        action="store_true",
        help="only the mismatch analysis at national scale (--people x --offers), against "
        "the pair-by-pair scan on samples",
    )
    parser.add_argument(
        "--mismatch-sample",
        type=int,
        default=1000,
        help="offers (and a tenth as many people) the pair-by-pair scan is timed and "
        "compared on (default: %(default)s)",
    )
    new_matches.add_arguments(parser)  # --new-offers N: the nightly new matches only


# --- synthetic data -----------------------------------------------------------------------


def _postal_codes() -> tuple[np.ndarray, np.ndarray, list[str]]:
    with (DATA / "plz_centroids_de.csv").open(encoding="utf-8") as f:
        rows = [r for r in csv.DictReader(f) if r["state_code"]]
    lat = np.array([float(r["lat"]) for r in rows])
    lon = np.array([float(r["lon"]) for r in rows])
    return lat, lon, [r["plz"] for r in rows]


def _occupations() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    with (DATA / "ausbildungsberufe.csv").open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    rows.sort(key=lambda r: (r["top_2024"] != "yes",))
    ids = np.arange(1, len(rows) + 1)
    kldb = np.array([int(r["kldb_code"]) for r in rows])
    weights = 1.0 / np.arange(1, len(rows) + 1) ** 1.1  # Zipf-like popularity
    return ids, kldb, weights / weights.sum()


def _places(rng: np.random.Generator, n: int) -> tuple[np.ndarray, np.ndarray]:
    lat, lon, _ = _postal_codes()
    pick = rng.integers(0, len(lat), n)
    return lat[pick] + rng.uniform(-0.018, 0.018, n), lon[pick] + rng.uniform(-0.027, 0.027, n)


def synthetic_offers(rng: np.random.Generator, n: int) -> OfferArrays:
    occ_ids, occ_kldb, weights = _occupations()
    occ = rng.choice(len(occ_ids), n, p=weights)
    lat, lon = _places(rng, n)
    return OfferArrays(
        ids=np.arange(1, n + 1, dtype=np.int64),
        xyz=engine.unit_vectors(lat, lon),
        occupation=occ_ids[occ].astype(np.int32),
        kldb=occ_kldb[occ].astype(np.int32),
        cert_rank=rng.choice([0, 1, 2, 4], n, p=[0.3, 0.4, 0.25, 0.05]).astype(np.int8),
        german_rank=rng.choice([0, 2, 3, 4], n, p=[0.1, 0.15, 0.45, 0.3]).astype(np.int8),
        start=(START + rng.choice([0, 31, 184, -30], n, p=[0.6, 0.25, 0.1, 0.05])).astype(np.int32),
        free=rng.choice([1, 2, 3], n, p=[0.7, 0.2, 0.1]).astype(np.int16),
        open=np.ones(n, np.bool_),
    )


def synthetic_people(rng: np.random.Generator, n: int) -> PersonArrays:
    """Young people at postal-code centres: the app places a person at the centre of their
    postal code (it stores no address for matching), so many share a place."""
    occ_ids, occ_kldb, weights = _occupations()
    lat, lon, _ = _postal_codes()
    pick = rng.integers(0, len(lat), n)
    lat, lon = lat[pick], lon[pick]
    count = rng.choice([0, 1, 2, 3], n, p=[0.1, 0.4, 0.35, 0.15])
    picks = rng.choice(len(occ_ids), (n, engine.MAX_INTERESTS), p=weights)
    mask = np.arange(engine.MAX_INTERESTS)[None, :] < count[:, None]
    return PersonArrays(
        ids=np.arange(1, n + 1, dtype=np.int64),
        xyz=engine.unit_vectors(lat, lon),
        interest_occ=np.where(mask, occ_ids[picks], -1).astype(np.int32),
        interest_kldb=np.where(mask, occ_kldb[picks], -1).astype(np.int32),
        german_rank=rng.choice([0, 1, 2, 3, 4, 5], n, p=[0.05, 0.1, 0.25, 0.35, 0.2, 0.05]).astype(
            np.int8
        ),
        cert_rank=rng.choice([0, 1, 2, 3, 4, 9], n, p=[0.1, 0.3, 0.25, 0.05, 0.1, 0.2]).astype(
            np.int8
        ),
        available_from=np.full(n, AVAILABLE, np.int32),
    )


# --- helpers -------------------------------------------------------------------------------


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _ms(values: list[float]) -> str:
    values = sorted(values)
    p95 = values[min(len(values) - 1, round(0.95 * (len(values) - 1)))]
    return f"median {statistics.median(values) * 1e3:.2f} ms, p95 {p95 * 1e3:.2f} ms"


def _timed(fn: Any, *args: Any, **kwargs: Any) -> tuple[float, Any]:
    start = time.perf_counter()
    result = fn(*args, **kwargs)
    return time.perf_counter() - start, result


# --- the parts ---------------------------------------------------------------------------


def _p95(values: list[float]) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, round(0.95 * (len(values) - 1)))]


def _load() -> str:
    one, five, _fifteen = os.getloadavg()
    return f"{one:.1f} / {five:.1f}"


def bench_one_person(
    options: argparse.Namespace, out: TextIO, rng: np.random.Generator, offers: OfferArrays
) -> dict[str, float]:
    """Cold and warm queries over many different people, side by side with the plain loop
    and the bare numpy pass, each person's figures taken back to back (same load).

    Cold: the person's first query, right after the previous person's work (other offers'
    rows, the full scan and the plain loop have gone through the CPU caches since; the
    explanation cache is per query). Warm: the same query repeated at once (median of 5).
    """
    index = OfferIndex(offers)
    elapsed, _ = _timed(lambda: index.grid)
    out.write(f"spatial grid over {len(offers):,} offers: {elapsed:.2f} s\n")
    elapsed, _ = _timed(lambda: index.tree)
    out.write(f"KD-tree over {len(offers):,} offers: {elapsed:.2f} s\n")
    people = synthetic_people(rng, options.queries)
    seekers = [
        (batch.person_seeker(people, i, options.radius), batch.person_point(people, i))
        for i in range(options.queries)
    ]
    n_plain = min(options.plain, options.queries)
    plain_rows = [offers.row(i) for i in range(len(offers))] if n_plain else []
    # the million row dicts are scaffolding of the plain loop: out of the garbage
    # collector's way, so that no collection over them lands in a timed ranker query
    gc.collect()
    gc.freeze()
    load_before = _load()
    cold, warm, kdtree, scan, floor_cold, floor_warm, sizes, boxes = ([] for _ in range(8))
    plain_times: list[float] = []
    same_plain = same_scan = 0
    for i, (seeker, point) in enumerate(seekers):
        t, result = _timed(index.rank, seeker, k=20, point=point)
        cold.append(t)
        again = [_timed(index.rank, seeker, k=20, point=point)[0] for _ in range(5)]
        warm.append(statistics.median(again))
        t, _ = _timed(index.rank, seeker, k=20, point=point, method="kdtree")
        kdtree.append(t)
        t, scanned = _timed(index.rank, seeker, k=20, point=point, method="scan")
        scan.append(t)
        p = np.asarray(point)
        floor_cold.append(_timed(np.dot, offers.xyz, p)[0])
        floor_warm.append(statistics.median(_timed(np.dot, offers.xyz, p)[0] for _ in range(5)))
        sizes.append(len(index.candidates_scan(point, options.radius)))
        boxes.append(len(index.grid.box(point, options.radius)))
        same_scan += [m.offer_id for m in result] == [m.offer_id for m in scanned]
        if i < n_plain:
            t, expected = _timed(engine.rank_plain, plain_rows, seeker, k=20, point=point)
            plain_times.append(t)
            same_plain += [(oid, key) for oid, key, _ in expected] == [
                (m.offer_id, round(m.score * engine.SCORE_SCALE)) for m in result
            ]
    gc.unfreeze()
    del plain_rows
    gc.collect()
    check(same_scan == len(seekers), f"grid and full scan differ: {same_scan}/{len(seekers)}")
    med = statistics.median

    def cell(values: list[float]) -> str:
        return f"{med(values) * 1e3:.2f} ms | {_p95(values) * 1e3:.2f} ms"

    out.write(
        f"one person, radius {options.radius:g} km, top 20, {len(seekers)} different people "
        f"(load average before / after, 1 / 5 min: {load_before} -> {_load()}); "
        f"cold = each person's first query, after the previous person's work; "
        f"warm = the same query repeated at once (median of 5); rows in the same run:\n"
        f"| method | people | cold median | cold p95 | warm median | warm p95 |\n"
        f"|---|---:|---:|---:|---:|---:|\n"
        f"| indexed ranker (grid) | {len(seekers)} | {cell(cold)} | {cell(warm)} |\n"
        f"| indexed ranker (KD-tree) | {len(seekers)} | {cell(kdtree)} | | |\n"
        f"| full-scan ranker | {len(seekers)} | {cell(scan)} | | |\n"
        f"| bare numpy pass (xyz @ p, floor) | {len(seekers)} | {cell(floor_cold)} | "
        f"{cell(floor_warm)} |\n"
    )
    if n_plain:
        out.write(f"| plain Python loop | {n_plain} | {cell(plain_times)} | | |\n")
    out.write(
        f"offers in the radius median {int(med(sizes)):,}, max {max(sizes):,}; rows touched "
        f"(grid box) median {int(med(boxes)):,} = {100 * med(boxes) / len(offers):.1f} % of all\n"
        f"indexed (grid) / floor: cold {med(cold) / med(floor_cold):.2f}x, "
        f"warm {med(warm) / med(floor_warm):.2f}x; full scan / floor (cold): "
        f"{med(scan) / med(floor_cold):.2f}x; KD-tree / floor (cold): "
        f"{med(kdtree) / med(floor_cold):.2f}x (medians over {len(seekers)} people)\n"
    )
    figures = {
        "cold_ms": med(cold) * 1e3,
        "warm_ms": med(warm) * 1e3,
        "floor_cold_ms": med(floor_cold) * 1e3,
        "floor_warm_ms": med(floor_warm) * 1e3,
    }
    if n_plain:
        cold_ratio = [pl / c for pl, c in zip(plain_times, cold, strict=False)]
        warm_ratio = [pl / w for pl, w in zip(plain_times, warm, strict=False)]

        def spread(ratios: list[float]) -> str:
            return (
                f"median {med(ratios):,.0f}x (min {min(ratios):,.0f}x, 5th percentile "
                f"{sorted(ratios)[len(ratios) // 20]:,.0f}x, max {max(ratios):,.0f}x)"
            )

        out.write(
            f"indexed ranker vs plain loop, per person over the same {n_plain} people: "
            f"cold {spread(cold_ratio)}; warm {spread(warm_ratio)}; from the medians: "
            f"cold {med(plain_times) / med(cold[:n_plain]):,.0f}x, "
            f"warm {med(plain_times) / med(warm[:n_plain]):,.0f}x; "
            f"top 20 identical to the plain loop: {same_plain}/{n_plain}\n"
        )
        check(same_plain == n_plain, f"top 20 differ from the plain loop: {same_plain}/{n_plain}")
        figures["plain_cold_ratio"] = med(cold_ratio)
        figures["plain_warm_ratio"] = med(warm_ratio)
    return figures


def bench_batch(
    options: argparse.Namespace, out: TextIO, rng: np.random.Generator, offers: OfferArrays
) -> None:
    people = synthetic_people(rng, options.people)
    radius = rng.choice([30.0, 40.0, 50.0], options.people)
    gc.collect()
    rss_before = _rss_mb()
    cpu_before = time.process_time()
    elapsed, result = _timed(batch.national_top_k, offers, people, radius_km=radius, k=10)
    cpu = time.process_time() - cpu_before
    rss_after = _rss_mb()
    stats = ", ".join(f"{name} {int(value):,}" for name, value in result.stats.items())
    out.write(
        f"national batch: {options.people:,} people x {len(offers):,} offers, radius 30-50 km, "
        f"top 10: {elapsed:.1f} s wall, {cpu:.1f} s CPU (all threads); peak RSS "
        f"{rss_after:,.0f} MB (before the batch {rss_before:,.0f} MB); "
        f"people who needed more than the first {16} neighbours per list (second round: "
        f"more neighbours or a radius query, still exact; no per-person fallback): "
        f"{result.fallbacks:,} ({100 * result.fallbacks / options.people:.1f} %)\n"
        f"  requests per round: {stats}\n"
    )
    index = OfferIndex(offers)
    sample = rng.choice(options.people, min(options.sample, options.people), replace=False)
    equal, scan_times, fast_times = 0, [], []
    for i in sample:
        seeker = batch.person_seeker(people, int(i), float(radius[i]))
        point = batch.person_point(people, int(i))
        t, exact = _timed(index.rank, seeker, k=10, point=point, method="scan")
        scan_times.append(t)
        t, _ = _timed(index.rank, seeker, k=10, point=point)
        fast_times.append(t)
        got = [int(x) for x in result.top_ids[i] if x >= 0]
        equal += got == [m.offer_id for m in exact]
    brute = statistics.mean(scan_times) * options.people
    indexed = statistics.mean(fast_times) * options.people
    out.write(
        f"  recall vs per-person brute force (full scan) on {len(sample):,} people: "
        f"{100 * equal / len(sample):.1f} % identical top 10\n"
        f"  per-person brute force (numpy full scan) extrapolated: {brute:,.0f} s "
        f"-> batch is {brute / elapsed:,.0f}x faster; per-person indexed (grid) ranker "
        f"extrapolated: {indexed:,.0f} s ({indexed / elapsed:,.1f}x)\n"
    )


def bench_mismatch(
    options: argparse.Namespace, out: TextIO, rng: np.random.Generator, offers: OfferArrays
) -> None:
    """The mismatch analysis (batch.mismatch: KD-trees per offer and person class) for all
    of Germany, against the pair-by-pair scan (batch.mismatch_dense, what the analysis did
    before): the scan is timed on a sample of offers against all people and extrapolated
    (it is linear in the offers: ~11 hours in full), and both answers are compared on a
    sample of offers (against all people) and of people (against all offers)."""
    people = synthetic_people(rng, options.people)
    active = int(offers.active.sum())
    out.write(
        f"mismatch analysis: {len(people.ids):,} people x {active:,} active offers "
        "(the task's engine part; reading the people from the database comes on top)\n"
    )
    answers = {}
    for radius in (10.0, 30.0, 50.0):
        gc.collect()
        cpu_before = time.process_time()
        elapsed, (person_ok, offer_ok) = _timed(batch.mismatch, offers, people, radius_km=radius)
        cpu = time.process_time() - cpu_before
        out.write(
            f"  {radius:.0f} km: {elapsed:.2f} s wall, {cpu:.2f} s CPU; people without a "
            f"suitable offer {int((~person_ok).sum()):,}, offers without a suitable person "
            f"{int((~offer_ok[offers.active]).sum()):,}\n"
        )
        answers[radius] = (elapsed, person_ok, offer_ok)
    radius = 30.0  # the mismatch page's distance
    elapsed, person_ok, offer_ok = answers[radius]
    n_offers = min(options.mismatch_sample, active)
    n_people = max(1, min(options.mismatch_sample // 10, len(people.ids)))
    some_offers = np.sort(rng.choice(np.flatnonzero(offers.active), n_offers, replace=False))
    some_people = np.sort(rng.choice(len(people.ids), n_people, replace=False))
    scan, (_, scan_offer_ok) = _timed(
        batch.mismatch_dense, offers.subset(some_offers), people, radius_km=radius
    )
    _, (scan_person_ok, _) = _timed(
        batch.mismatch_dense, offers, people.subset(some_people), radius_km=radius
    )
    extrapolated = scan / n_offers * active
    ball, ball_ok = _ball_baseline(offers, people.subset(some_people), radius)
    ball_all = ball / n_people * len(people.ids)
    same_ball = int((ball_ok == person_ok[some_people]).sum())
    same_offers = int((scan_offer_ok == offer_ok[some_offers]).sum())
    same_people = int((scan_person_ok == person_ok[some_people]).sum())
    out.write(
        f"  pair-by-pair scan (numpy, blocks of 2 million pairs) at {radius:.0f} km: "
        f"{scan:.1f} s for {n_offers:,} offers x all people -> {extrapolated:,.0f} s for all "
        f"offers (extrapolated); the trees are {extrapolated / elapsed:,.0f}x faster\n"
        f"  same answer as the scan: {same_offers:,} of {n_offers:,} sampled offers, "
        f"{same_people:,} of {n_people:,} sampled people\n"
        f"  one KD-tree of all offers, a ball query per person, then the filters on the "
        f"offers found (the people's side only): {ball:.2f} s for {n_people:,} people -> "
        f"{ball_all:,.0f} s for all (extrapolated), {ball_all / elapsed:,.0f}x the trees' "
        f"time for both sides; same answer for {same_ball:,} of {n_people:,} people\n"
    )


def _ball_baseline(
    offers: OfferArrays, people: PersonArrays, radius_km: float
) -> tuple[float, np.ndarray]:
    """Has each person a suitable offer, the straightforward indexed way: every offer within
    reach from one KD-tree of all active offers, then the occupation and German rules on
    them (the tree's build is not counted)."""
    from scipy.spatial import cKDTree

    rows = np.flatnonzero(offers.active & np.isfinite(offers.xyz).all(axis=1))
    tree = cKDTree(offers.xyz[rows])
    chord = engine.chord_for_km(radius_km)
    ok = np.zeros(len(people.ids), np.bool_)
    started = time.perf_counter()
    for i in range(len(people.ids)):
        if not np.isfinite(people.xyz[i]).all():
            continue
        near = rows[tree.query_ball_point(people.xyz[i], chord)]
        if not len(near):
            continue
        occ = engine.occupation_part_np(
            offers.occupation[near],
            offers.kldb[near],
            [people.interest_occ[i, j] for j in range(engine.MAX_INTERESTS)],
            [people.interest_kldb[i, j] for j in range(engine.MAX_INTERESTS)],
        )
        fits = (occ >= engine.OCC_GROUP) | (occ == engine.OCC_ANY)
        german = ~np.isnan(
            engine.german_part_np(int(people.german_rank[i]), offers.german_rank[near])
        )
        ok[i] = bool((fits & german).any())
    return time.perf_counter() - started, ok


def bench_database(options: argparse.Namespace, out: TextIO, rng: np.random.Generator) -> None:
    from django.db import connection

    from kausa.bench import matching_db as bench_db

    n = options.db_offers
    out.write(f"database ({connection.vendor}): writing {n:,} offers ...\n")
    elapsed = bench_db.populate(rng, n, synthetic_offers(rng, n))
    out.write(f"  written in {elapsed:.0f} s\n")
    try:
        gc.collect()
        rss_before = _rss_mb()
        elapsed, index = _timed(bench_db.build_index)
        out.write(
            f"  index build from the database ({len(index):,} open offers, one query): "
            f"{elapsed:.2f} s, peak RSS {_rss_mb():,.0f} MB "
            f"(+{max(0.0, _rss_mb() - rss_before):,.0f} MB)\n"
        )
        patched, full, counts = bench_db.refresh_after_changes(1000)
        out.write(
            f"  1,000 offers changed (withdrawn / more places): incremental refresh "
            f"{patched:.2f} s vs full build {full:.2f} s (refreshes so far: {counts})\n"
        )
        api, trivial = bench_db.api_latency(options.api_requests)
        out.write(
            f"  GET /api/v1/offers?plz=…&radius_km=50 ({options.api_requests} requests, "
            f"in-process test client, warm index): {_ms(api)}\n"
            f"  GET /api/v1/postal-codes/{{plz}} (trivial endpoint, same server): {_ms(trivial)}\n"
            f"  ratio of medians: {statistics.median(api) / statistics.median(trivial):.2f}x\n"
        )
    finally:
        if not options.keep_db:
            bench_db.clean()


def run(options: argparse.Namespace, stdout: TextIO) -> None:
    rng = np.random.default_rng(options.seed)
    stdout.write(f"kausa bench matching (seed {options.seed})\n")
    elapsed, offers = _timed(synthetic_offers, rng, options.offers)
    stdout.write(f"synthetic offers: {len(offers):,} in {elapsed:.1f} s\n")
    if options.new_offers:
        new_matches.run(options, stdout, rng, offers)
        return
    if options.mismatch:
        bench_mismatch(options, stdout, rng, offers)
        return
    bench_one_person(options, stdout, rng, offers)
    if options.people:
        bench_batch(options, stdout, rng, offers)
    if options.db_offers:
        del offers
        gc.collect()
        bench_database(options, stdout, rng)


__all__ = ["Seeker", "add_arguments", "run"]
