"""`kausa bench matching --new-offers N`: the nightly "new offers for your people" at
national scale (figures, not a test).

The offers of `kausa bench matching` (synthetic, at real postal-code centres) are split into
N new ones (drawn at random) and the old rest. Last night's state is every young person's
top 10 over the old offers (the national batch, not timed as part of the nightly run). Then:

- the full batch again over all offers (what re-running it every night would cost);
- the nightly update (``batch.new_offers_top_k``): only the new offers against every
  person's top 10 before;

with wall and CPU time and the memory each allocates at its peak (tracemalloc, in a second
run of each: numpy's arrays are traced), and checks:

- the top 10 of every person after the update equals the full batch's (ids and keys);
- on a sample of the people it touches (a new offer entered their top 10), the new offers
  in their top 10 equal those in the top 10 of the per-person full scan over all offers
  (an independent ranker);
- how many new matches reach the threshold of the nightly job.
"""

from __future__ import annotations

import argparse
import gc
import statistics
import time
import tracemalloc
from typing import Any, TextIO

import numpy as np

from kausa.matching import batch, engine
from kausa.matching.engine import OfferArrays, OfferIndex

K = 10
MIN_SCORE = 0.6  # the nightly job's threshold (kausa.matching.new_matches.MIN_SCORE)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--new-offers",
        type=int,
        default=0,
        help="only the nightly new-offer matching: N of the offers are new (0: skip)",
    )
    parser.add_argument(
        "--new-offers-repeat",
        type=int,
        default=3,
        help="runs of the full batch and of the update, taken in turn (medians reported)",
    )


def _timed(fn: Any, *args: Any, **kwargs: Any) -> tuple[float, float, Any]:
    gc.collect()
    cpu = time.process_time()
    start = time.perf_counter()
    result = fn(*args, **kwargs)
    return time.perf_counter() - start, time.process_time() - cpu, result


def _traced_peak_mb(fn: Any, *args: Any, **kwargs: Any) -> float:
    gc.collect()
    tracemalloc.start()
    try:
        fn(*args, **kwargs)
        return tracemalloc.get_traced_memory()[1] / 2**20
    finally:
        tracemalloc.stop()


def _update(
    offers: OfferArrays, is_new: np.ndarray, people: Any, radius: np.ndarray, prev: Any
) -> batch.BatchResult:
    """The nightly run's engine part: the new offers' arrays, then the update."""
    new = batch.offers_subset(offers, is_new)
    return batch.new_offers_top_k(
        new, people, radius_km=radius, prev_ids=prev.top_ids, prev_keys=prev.top_keys
    )


def run(
    options: argparse.Namespace, out: TextIO, rng: np.random.Generator, offers: OfferArrays
) -> None:
    from kausa.bench.matching import _rss_mb, synthetic_people  # (it imports this module)

    n_new = min(options.new_offers, len(offers))
    people = synthetic_people(rng, options.people)
    radius = rng.choice([30.0, 40.0, 50.0], options.people)
    is_new = np.zeros(len(offers), np.bool_)
    is_new[rng.choice(len(offers), n_new, replace=False)] = True
    old = batch.offers_subset(offers, ~is_new)
    new_ids = offers.ids[is_new]
    out.write(
        f"new offers for your people: {options.people:,} people x {len(offers):,} offers, "
        f"{n_new:,} of them new; radius 30-50 km, top {K}\n"
    )
    t, _, prev = _timed(batch.national_top_k, old, people, radius_km=radius, k=K)
    out.write(f"  last night's state (batch over the {len(old):,} old offers): {t:.1f} s\n")
    del old
    rss_before = _rss_mb()
    full_runs, upd_runs = [], []
    for _ in range(max(1, options.new_offers_repeat)):  # in turn: the same machine state
        full_t, full_cpu, full = _timed(batch.national_top_k, offers, people, radius_km=radius, k=K)
        full_runs.append((full_t, full_cpu))
        upd_t, upd_cpu, upd = _timed(_update, offers, is_new, people, radius, prev)
        upd_runs.append((upd_t, upd_cpu))
    rss_full = _rss_mb()
    full_t, full_cpu = (statistics.median(x) for x in zip(*full_runs, strict=True))
    upd_t, upd_cpu = (statistics.median(x) for x in zip(*upd_runs, strict=True))
    stats = ", ".join(f"{name} {int(value):,}" for name, value in upd.stats.items())
    full_mem = _traced_peak_mb(batch.national_top_k, offers, people, radius_km=radius, k=K)
    upd_mem = _traced_peak_mb(_update, offers, is_new, people, radius, prev)
    runs = len(full_runs)
    out.write(
        f"  {runs} runs each, in turn; medians (all runs, wall): full batch "
        f"{', '.join(f'{t:.2f}' for t, _ in full_runs)} s; update "
        f"{', '.join(f'{t:.3f}' for t, _ in upd_runs)} s\n"
    )
    out.write(
        f"  full batch over all offers:   {full_t:.2f} s wall, {full_cpu:.2f} s CPU, "
        f"allocated at its peak {full_mem:,.0f} MB (process peak RSS {rss_full:,.0f} MB, "
        f"{rss_before:,.0f} MB before)\n"
        f"  nightly update (new offers):  {upd_t:.3f} s wall, {upd_cpu:.3f} s CPU, "
        f"allocated at its peak {upd_mem:,.0f} MB ({stats})\n"
        f"  -> update is {full_t / upd_t:,.1f}x faster than the full batch "
        f"({full_cpu / max(upd_cpu, 1e-9):,.1f}x in CPU time), "
        f"{full_mem / max(upd_mem, 1e-9):,.1f}x less memory\n"
    )
    same = (upd.top_ids == full.top_ids).all(axis=1) & (upd.top_keys == full.top_keys).all(axis=1)
    entered = np.isin(upd.top_ids, new_ids) & (upd.top_ids >= 0)
    touched = np.flatnonzero(entered.any(axis=1))
    threshold = round(MIN_SCORE * engine.SCORE_SCALE)
    above = entered & (upd.top_keys >= threshold)
    out.write(
        f"  top {K} equal to the full batch: {int(same.sum()):,} of {options.people:,} people "
        f"({100 * same.mean():.2f} %); touched (a new offer entered their top {K}): "
        f"{len(touched):,} people, {int(entered.sum()):,} new matches, "
        f"{int(above.sum()):,} of them with a score >= {MIN_SCORE:g} "
        f"({int(above.any(axis=1).sum()):,} people)\n"
    )
    if not len(touched):
        return
    index = OfferIndex(offers)
    sample = rng.choice(touched, min(options.sample, len(touched)), replace=False)
    new_set = set(new_ids.tolist())
    equal = 0
    for i in sample.tolist():
        seeker = batch.person_seeker(people, i, float(radius[i]))
        exact = index.rank(seeker, k=K, point=batch.person_point(people, i), method="scan")
        expected = [m.offer_id for m in exact if m.offer_id in new_set]
        got = [int(x) for x in upd.top_ids[i] if int(x) in new_set]
        equal += got == expected
    out.write(
        f"  sample of {len(sample):,} touched people against the per-person full scan over all "
        f"offers: new offers in the top {K} identical for {equal:,} "
        f"({100 * equal / len(sample):.1f} %)\n"
    )
