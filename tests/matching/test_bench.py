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
    assert "top 20 identical: 2/2" in text
    assert "100.0 % identical top 10" in text


@pytest.mark.django_db
def test_bench_smoke_with_database():
    out = io.StringIO()
    bench.run(_options(db_offers=200, people=0), out)
    assert "index build from the database (200 open offers" in out.getvalue()
