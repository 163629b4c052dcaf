from __future__ import annotations

import argparse
import io

import numpy as np

from kausa.bench import jobwalk as bench
from kausa.jobwalk.engine.routing import grid_graph


def _options(*args: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    bench.add_arguments(parser)
    return parser.parse_args(list(args))


def test_bench_runs_at_a_small_size():
    out = io.StringIO()
    bench.run(_options("--small", "--no-networkx"), out)
    text = out.getvalue()
    assert "bounded matrix (ours)" in text and "Held-Karp = brute force optimum" in text
    assert "igraph distances" in text and "networkx" not in text


def test_matrix_table_times_every_baseline_against_ours_on_the_same_runs():
    graph = grid_graph(30, 30)
    nodes = bench._clustered(graph, 6, 300, np.random.default_rng(3))
    table, times = bench._matrix_table(graph, nodes, _options("--repeats", "2"))
    baselines = [
        "scipy, 6 full single-source runs",
        "scipy, one call, limit = largest pair",
        "networkx, unbounded",
        "networkx, cutoff = largest pair",
        "igraph distances (stops at last target)",
    ]
    assert set(times) == {"bounded", "bounded CPU"} | {
        f"{name}{cpu}" for name in baselines for cpu in ("", " CPU")
    }
    assert "median of 2 runs each" in table
    for name in baselines:
        assert any(line.strip().startswith(name) and "x" in line for line in table.splitlines())
