"""The benchmark runs at a tiny size (figures are not asserted: see docs/benchmarks-matching.md)."""

from __future__ import annotations

import argparse
import io

import pytest

from kausa.bench import matching as bench


def _options(**extra) -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    bench.add_arguments(parser)
    args = ["--offers", "3000", "--people", "300", "--queries", "5", "--plain", "2"]
    args += ["--sample", "30", "--api-requests", "3"]
    for key, value in extra.items():
        args += [f"--{key.replace('_', '-')}", str(value)]
    return parser.parse_args(args)


def test_bench_smoke_without_database():
    out = io.StringIO()
    bench.run(_options(), out)
    text = out.getvalue()
    assert "top 20 identical to the plain loop: 2/2" in text
    assert "100.0 % identical top 10" in text
    # cold and warm side by side, over different people, with both ratios
    assert "| method | people | cold median | cold p95 | warm median | warm p95 |" in text
    assert "| indexed ranker (grid) | 5 |" in text
    assert "| bare numpy pass (xyz @ p, floor) | 5 |" in text
    assert "| plain Python loop | 2 |" in text
    assert "indexed ranker vs plain loop, per person over the same 2 people: cold median" in text
    assert "indexed (grid) / floor: cold" in text


def test_one_person_figures_cover_cold_and_warm():
    import numpy as np

    out = io.StringIO()
    options = _options(queries=6, plain=3)
    rng = np.random.default_rng(options.seed)
    figures = bench.bench_one_person(options, out, rng, bench.synthetic_offers(rng, 2000))
    assert set(figures) >= {"cold_ms", "warm_ms", "floor_cold_ms", "plain_cold_ratio"}
    assert all(value > 0 for value in figures.values())


@pytest.mark.django_db
def test_bench_smoke_with_database():
    out = io.StringIO()
    bench.run(_options(db_offers=200, people=0), out)
    assert "index build from the database (200 open offers" in out.getvalue()


def test_mismatch_bench_compares_with_the_pair_by_pair_scan():
    out = io.StringIO()
    options = _options(mismatch_sample=50)
    options.mismatch = True
    bench.run(options, out)
    text = out.getvalue()
    assert "mismatch analysis: 300 people x 3,000 active offers" in text
    assert "pair-by-pair scan (numpy, blocks of 2 million pairs) at 30 km" in text
    assert "same answer as the scan: 50 of 50 sampled offers, 5 of 5 sampled people" in text
    assert "one KD-tree of all offers, a ball query per person" in text
    assert "same answer for 5 of 5 people" in text
