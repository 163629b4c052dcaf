"""`kausa bench jobwalk`: graph loading, distance matrices, tours and the planner.

Runs on the bundled real city graph (Lauf an der Pegnitz) and on a generated city-sized grid,
in the same run. Prints a table; nothing here is asserted.
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, TextIO

import numpy as np

from kausa.bench import check
from kausa.jobwalk.engine.planning import plan_walk
from kausa.jobwalk.engine.routing import StreetGraph, build_graph, grid_graph, haversine_m
from kausa.jobwalk.engine.tours import brute_force, held_karp, nn_two_opt, orienteering


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--grid-side", type=int, default=390, help="grid of side x side nodes")
    parser.add_argument("--stops", type=int, default=15)
    parser.add_argument("--radius", type=float, default=1200.0, help="stops within metres")
    parser.add_argument("--repeats", type=int, default=7)
    parser.add_argument("--plans", type=int, default=60, help="planner requests for the p95")
    parser.add_argument("--networkx", action=argparse.BooleanOptionalAction, default=True)
    parser.add_argument("--small", action="store_true", help="tiny sizes (smoke test)")


def _time(fn: Callable[[], Any], repeats: int) -> tuple[float, Any]:
    times, result = [], None
    for _ in range(repeats):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def _clustered(graph: StreetGraph, k: int, radius: float, rng: np.random.Generator) -> np.ndarray:
    centre = int(rng.integers(graph.node_count))
    dist = haversine_m(graph.lat[centre], graph.lon[centre], graph.lat, graph.lon)
    near = np.flatnonzero(dist < radius)
    if len(near) < k:
        near = np.argsort(dist)[: k * 3]
    return rng.choice(near, k, replace=False)


def _networkx_matrix(graph: StreetGraph, nodes: np.ndarray) -> float:
    import networkx as nx

    nxg = nx.Graph()
    coo = graph.csr.tocoo()
    nxg.add_weighted_edges_from(
        zip(coo.row.tolist(), coo.col.tolist(), coo.data.tolist(), strict=True)
    )
    start = time.perf_counter()
    for s in nodes:
        lengths = nx.single_source_dijkstra_path_length(nxg, int(s), weight="weight")
        _ = [lengths[int(t)] for t in nodes]
    return time.perf_counter() - start


def _graph_figures(
    name: str, graph: StreetGraph, options: argparse.Namespace, out: TextIO
) -> dict[str, float]:
    rng = np.random.default_rng(7)
    with tempfile.TemporaryDirectory() as tmp:
        path = graph.save(Path(tmp) / f"{name}.npz")
        size = path.stat().st_size
        load, loaded = _time(lambda: StreetGraph.load(path), options.repeats)
        index, _ = _time(lambda: (loaded.csr, loaded.tree), 1)
    graph = loaded
    _ = graph.csr, graph.tree
    nodes = _clustered(graph, options.stops, options.radius, rng)
    bounded, (d_bounded, _s) = _time(lambda: graph.node_matrix(nodes), options.repeats)
    full, (d_full, _s2) = _time(lambda: graph.node_matrix(nodes, bounded=False), options.repeats)
    check(np.allclose(d_bounded, d_full), "bounded and full matrices differ")
    nx_time = _networkx_matrix(graph, nodes) if options.networkx else float("nan")
    # planner: a 15-stop request (start + 15 candidates), matrix + exact choice/order + geometry
    plans, cpu = [], []
    for _ in range(options.plans):
        picks = _clustered(graph, options.stops + 1, options.radius, rng)
        start = (float(graph.lat[picks[0]]), float(graph.lon[picks[0]]))
        t0, c0 = time.perf_counter(), time.process_time()
        plan_walk(
            graph,
            start,
            graph.lat[picks[1:]],
            graph.lon[picks[1:]],
            rng.integers(1, 4, options.stops).astype(float),
            budget_minutes=240,
            dwell_minutes=5,
            closed=True,
        )
        plans.append(time.perf_counter() - t0)
        cpu.append(time.process_time() - c0)
    p95 = float(np.percentile(plans, 95))
    out.write(
        f"\n## {name}: {graph.node_count:,} nodes, {graph.edge_count:,} edges, "
        f"file {size / 1e6:.1f} MB\n"
        f"  load .npz                      {load * 1e3:8.1f} ms  "
        f"(+ CSR/KD-tree {index * 1e3:.1f} ms)\n"
        f"  {options.stops}-stop matrix bounded          {bounded * 1e3:8.1f} ms\n"
        f"  {options.stops} full single-source runs      {full * 1e3:8.1f} ms  "
        f"-> bounded is {full / bounded:.1f}x faster\n"
        f"  networkx {options.stops} single-source runs  {nx_time * 1e3:8.1f} ms  "
        f"-> bounded is {nx_time / bounded:.0f}x faster\n"
        f"  planner end to end ({options.plans} requests, {options.stops} candidates): "
        f"p50 {np.percentile(plans, 50) * 1e3:.1f} ms, p95 {p95 * 1e3:.1f} ms "
        f"(CPU time p50 {np.percentile(cpu, 50) * 1e3:.1f} ms, "
        f"p95 {np.percentile(cpu, 95) * 1e3:.1f} ms)\n"
    )
    return {"bounded": bounded, "full": full, "networkx": nx_time, "p95": p95}


def _tour_figures(options: argparse.Namespace, out: TextIO) -> None:
    rng = np.random.default_rng(11)
    matches, cases = 0, 0
    for n in range(4, 10 if not options.small else 7):
        for _ in range(20 if not options.small else 3):
            xy = rng.uniform(0, 2000, (n, 2))
            D = np.linalg.norm(xy[:, None] - xy[None, :], axis=2)
            for closed in (False, True):
                cases += 1
                exact = held_karp(D, closed=closed).length
                matches += abs(exact - brute_force(D, closed=closed).length) < 1e-6
    out.write(f"\n## Tours\n  Held-Karp = brute force optimum: {matches}/{cases} cases\n")
    for stops in (10, 12, 15) if not options.small else (8,):
        gaps, hk_times, nn_times = [], [], []
        for _ in range(10 if not options.small else 2):
            xy = rng.uniform(0, 2000, (stops + 1, 2))
            D = np.linalg.norm(xy[:, None] - xy[None, :], axis=2)
            t0 = time.perf_counter()
            optimum = held_karp(D, closed=True)
            hk_times.append(time.perf_counter() - t0)
            t0 = time.perf_counter()
            heur = nn_two_opt(D, closed=True)
            nn_times.append(time.perf_counter() - t0)
            gaps.append(heur.length / optimum.length - 1)
        out.write(
            f"  {stops} stops: Held-Karp {statistics.median(hk_times) * 1e3:.1f} ms (exact), "
            f"NN+2-opt {statistics.median(nn_times) * 1e3:.2f} ms, gap mean "
            f"{np.mean(gaps) * 100:.2f} % / max {np.max(gaps) * 100:.2f} %\n"
        )
    # orienteering: which of 15 candidates and in which order, exact, all of them fitting
    # (the worst case: every subset of every size is in the table)
    stops = 15 if not options.small else 8
    times = []
    for _ in range(10 if not options.small else 2):
        xy = rng.uniform(0, 2000, (stops + 1, 2))
        T = np.linalg.norm(xy[:, None] - xy[None, :], axis=2) / 66.7
        scores = np.r_[0.0, rng.integers(1, 4, stops)]
        t0 = time.perf_counter()
        orienteering(T, scores, budget=10_000, dwell=5.0, closed=True)
        times.append(time.perf_counter() - t0)
    out.write(
        f"  orienteering, {stops} candidates (exact choice + order, all fit): "
        f"{statistics.median(times) * 1e3:.1f} ms\n"
    )


def run(options: argparse.Namespace, stdout: TextIO) -> None:
    from kausa.jobwalk.streets import BUNDLED_EXTRACT

    if options.small:
        options.grid_side, options.repeats, options.plans = 60, 2, 5
        options.stops = min(options.stops, 8)
    stdout.write(
        "JOBWALK benchmark (times are medians unless marked; wall clock, plus CPU time of this "
        "process where the machine is shared)\n"
        f"  load average at start: {' '.join(f'{x:.2f}' for x in os.getloadavg())}, "
        f"{os.cpu_count()} CPUs\n"
    )
    t0 = time.perf_counter()
    city = build_graph(BUNDLED_EXTRACT, name="lauf")
    stdout.write(f"  build Lauf graph from .osm.pbf: {(time.perf_counter() - t0) * 1e3:.0f} ms\n")
    _graph_figures("Lauf an der Pegnitz (real, bundled)", city, options, stdout)
    t0 = time.perf_counter()
    grid = grid_graph(options.grid_side, options.grid_side)
    stdout.write(f"\n  generate grid: {(time.perf_counter() - t0) * 1e3:.0f} ms\n")
    _graph_figures(
        f"grid {options.grid_side}x{options.grid_side} (generated)", grid, options, stdout
    )
    _tour_figures(options, stdout)
    stdout.write(f"\n  load average at the end: {' '.join(f'{x:.2f}' for x in os.getloadavg())}\n")
