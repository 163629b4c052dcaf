"""Property: the bounded distance matrix is exact for any weight type.

Every entry of `StreetGraph.node_matrix` (bounded searches, triangle bounds, retries) must equal
an unbounded Dijkstra from scipy: equal within float tolerance where a path exists, inf exactly
where none does. The graphs are random (seeded, so a failure names its seed): street-like
triangulations of random points, connected or split into several components, with weights that
are the straight line, a random detour per edge (longer than the search's first guess) or whole
metres, stored as float64, float32 or int64. With float64 weights the bound a search used could
equal a distance up to rounding, and such pairs came back unreachable: before the search limits
were padded, 44 of the 200 connected float64 cases here failed (float32 and whole-metre weights
add up without rounding, which hid it).
"""

from __future__ import annotations

import dataclasses
import math

import numpy as np
import pytest
from scipy.sparse.csgraph import connected_components, dijkstra
from scipy.spatial import Delaunay

from kausa.jobwalk.engine.routing import (
    EARTH_RADIUS_M,
    StreetGraph,
    graph_from_edges,
    haversine_m,
)

CASES = 200
DTYPES = [np.float64, np.float32, np.int64]
LAT0, LON0 = 49.51, 11.28


def random_graph(seed: int, dtype: type, *, connected: bool) -> StreetGraph:
    """A street-like random graph: a Delaunay triangulation of random points with some edges
    dropped, and when it should fall apart, none across one or two lines through it."""
    rng = np.random.default_rng(seed)
    n = int(rng.integers(40, 400))
    side = float(rng.uniform(300, 3000))  # metres
    xy = rng.uniform(0, side, (n, 2))
    lat = LAT0 + np.degrees(xy[:, 1] / EARTH_RADIUS_M)
    lon = LON0 + np.degrees(xy[:, 0] / (EARTH_RADIUS_M * math.cos(math.radians(LAT0))))
    simplices = Delaunay(xy).simplices
    edges = np.concatenate([simplices[:, [0, 1]], simplices[:, [1, 2]], simplices[:, [0, 2]]])
    edges = np.unique(np.sort(edges, axis=1), axis=0)
    keep = rng.random(len(edges)) >= rng.uniform(0.0, 0.3)
    if not connected:  # no edge across a street-less band: two or more components
        for axis in (0, 1)[: int(rng.integers(1, 3))]:
            cut = rng.uniform(0.3, 0.7) * side
            keep &= (xy[edges, axis] < cut).all(axis=1) | (xy[edges, axis] > cut).all(axis=1)
    edges = edges[keep]
    u, v = edges[:, 0], edges[:, 1]
    length = haversine_m(lat[u], lon[u], lat[v], lon[v])
    match seed % 3:
        case 0:  # the straight line: the first guess is often tight
            weights = length
        case 1:  # detours up to 4x: longer than the first guess, so searches widen
            weights = length * rng.uniform(1.0, 4.0, len(length))
        case _:  # whole metres
            weights = np.round(length) + 1.0
    graph = graph_from_edges(
        np.arange(n), lat, lon, u, v, weights=weights, largest_component=connected
    )
    stored = graph.weights.astype(dtype) if dtype is not np.int64 else np.round(graph.weights)
    return dataclasses.replace(graph, weights=stored.astype(dtype), _csr=None)


def stops(graph: StreetGraph, seed: int) -> np.ndarray:
    """Up to 15 stops; now and then two on the same node (two companies in one building)."""
    rng = np.random.default_rng(seed + 10_000)
    k = int(rng.integers(2, 16))
    replace = k > graph.node_count or rng.random() < 0.2
    return rng.choice(graph.node_count, k, replace=replace).astype(np.int64)


def path_length(graph: StreetGraph, path: list[int]) -> float:
    if len(path) < 2:
        return 0.0
    return float(np.asarray(graph.csr[path[:-1], path[1:]]).sum())


def mismatch(graph: StreetGraph, nodes: np.ndarray, cap: float | None = None) -> str | None:
    """What is wrong with the bounded matrix of `nodes` (None: nothing)."""
    bounded, searches = graph.node_matrix(nodes, cap=cap)
    full = dijkstra(graph.csr, directed=True, indices=nodes)[:, nodes]
    scale = float(np.max(full[np.isfinite(full)], initial=1.0))
    close = np.isclose(bounded, full, rtol=1e-9, atol=1e-9 * scale)
    if cap is None:
        if not np.array_equal(np.isinf(bounded), np.isinf(full)):
            wrong = np.argwhere(np.isinf(bounded) != np.isinf(full))
            return f"{len(wrong)} entries wrongly (un)reachable, e.g. {wrong[0].tolist()}"
        wrong = np.argwhere(np.isfinite(full) & ~close)
    else:
        # within the cap exact; beyond it exact or inf, never a wrong finite number
        within = full <= cap * (1 - 1e-9)
        wrong = np.argwhere((within & ~close) | (~within & np.isfinite(bounded) & ~close))
    if len(wrong):
        i, j = wrong[0]
        return f"{len(wrong)} entries differ, e.g. [{i}, {j}]: {bounded[i, j]} != {full[i, j]}"
    return path_mismatch(graph, nodes, bounded, searches.trees, searches.owner)


def path_mismatch(
    graph: StreetGraph,
    nodes: np.ndarray,
    bounded: np.ndarray,
    trees: dict[int, np.ndarray],
    owner: np.ndarray,
) -> str | None:
    """Each finite entry has a path in the search trees, and the path is that long."""
    for i, j in zip(*np.nonzero(np.isfinite(bounded)), strict=True):
        if i >= j or nodes[i] == nodes[j]:
            continue
        o = int(owner[i, j])
        if o not in (i, j):
            return f"pair [{i}, {j}] has a distance but no search that found it"
        other = j if o == i else i
        path = graph.node_path(trees[o], int(nodes[o]), int(nodes[other]))
        if not math.isclose(path_length(graph, path), bounded[i, j], rel_tol=1e-9, abs_tol=1e-6):
            return f"the path of pair [{i}, {j}] is not as long as its distance"
    return None


def failures(dtype: type, *, connected: bool, capped: bool = False) -> list[str]:
    found = []
    for seed in range(CASES):
        graph = random_graph(seed, dtype, connected=connected)
        components, _labels = connected_components(graph.csr, directed=False)
        assert (components == 1) == connected, seed  # the generator makes what it says
        nodes = stops(graph, seed)
        cap = None
        if capped:
            full = dijkstra(graph.csr, directed=True, indices=nodes)[:, nodes]
            cap = float(np.median(full[np.isfinite(full)]))
        problem = mismatch(graph, nodes, cap)
        if problem:
            found.append(f"seed {seed}: {problem}")
    return found


@pytest.mark.parametrize("dtype", DTYPES, ids=lambda t: t.__name__)
def test_bounded_matrix_equals_dijkstra_on_random_connected_graphs(dtype):
    found = failures(dtype, connected=True)
    assert not found, f"{len(found)} of {CASES} cases wrong:\n" + "\n".join(found[:10])


@pytest.mark.parametrize("dtype", DTYPES, ids=lambda t: t.__name__)
def test_bounded_matrix_equals_dijkstra_on_random_disconnected_graphs(dtype):
    found = failures(dtype, connected=False)
    assert not found, f"{len(found)} of {CASES} cases wrong:\n" + "\n".join(found[:10])


@pytest.mark.parametrize("dtype", [np.float64, np.float32], ids=lambda t: t.__name__)
def test_capped_matrix_is_exact_within_the_cap_on_random_graphs(dtype):
    found = failures(dtype, connected=True, capped=True)
    assert not found, f"{len(found)} of {CASES} cases wrong:\n" + "\n".join(found[:10])
