"""Order and choice of tour stations (no Django inside).

All functions take a square matrix ``D`` of symmetric travel costs (metres or minutes) where
index ``start`` is the starting point. A tour is *closed* (back to the start), *open* (ends at
the last station) or ends at a fixed ``end`` index.

* :func:`held_karp` – exact order by dynamic programming over subsets (vectorised numpy),
  milliseconds for 15 stops.
* :func:`nn_two_opt` – nearest neighbour + 2-opt, for larger tours; :func:`solve_order` reports
  its gap against a lower bound (minimum spanning tree) since the optimum is unknown there.
* :func:`orienteering` – which stations to visit within a time budget, maximising the total
  interest score: exact over all subsets for small candidate sets, greedy insertion + 2-opt
  (compared with the exact answer on the best candidates) beyond.
"""

from __future__ import annotations

import itertools
import threading
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from scipy.sparse.csgraph import minimum_spanning_tree

FloatArray = NDArray[np.float64]
EXACT_LIMIT = 15  # stops solved exactly (2^15 x 15 states)
HELD_KARP = "held_karp"
HEURISTIC = "nn_2opt"
BRUTE_FORCE = "brute_force"


@dataclass(frozen=True)
class Order:
    """A visiting order: indices into D from the start (first) to the end (last)."""

    route: list[int]
    length: float
    method: str
    optimal: bool
    gap: float | None = None  # heuristic only: (length - lower bound) / lower bound

    @property
    def stops(self) -> list[int]:
        return self.route[1:]


def route_length(D: FloatArray, route: list[int], *, closed: bool = False) -> float:
    r = np.asarray(route, dtype=np.int64)
    total = float(D[r[:-1], r[1:]].sum()) if len(r) > 1 else 0.0
    if closed and len(r) > 1:
        total += float(D[r[-1], r[0]])
    return total


def _stops(n: int, start: int, end: int | None) -> list[int]:
    return [i for i in range(n) if i != start and i != end]


def _finish(route: list[int], end: int | None, closed: bool, start: int) -> list[int]:
    if end is not None and end != start:
        return [*route, end]
    if closed:
        return [*route, start]
    return route


def brute_force(
    D: FloatArray, *, start: int = 0, end: int | None = None, closed: bool = False
) -> Order:
    """The optimum by trying every permutation (for tests; n <= 9)."""
    end, closed = _normalise_end(start, end, closed)
    stops = _stops(len(D), start, end)
    best: tuple[float, list[int]] | None = None
    for perm in itertools.permutations(stops):
        route = _finish([start, *perm], end, closed, start)
        length = route_length(D, route)
        if best is None or length < best[0] - 1e-9:
            best = (length, route)
    assert best is not None
    return Order(route=best[1], length=best[0], method=BRUTE_FORCE, optimal=True)


def _normalise_end(start: int, end: int | None, closed: bool) -> tuple[int | None, bool]:
    """Ending where one started is a closed tour."""
    if end == start:
        return None, True
    return end, closed


# --- Held–Karp -------------------------------------------------------------------------------
# The table holds, for every subset S of the stops and every stop j in S, the length of the
# shortest walk from the start through all of S ending at j, as an (m, 2^m) array: one row per
# last stop j, one column per subset. Subsets are stored layer by layer (by size), so a layer is
# a contiguous block of columns; the next layer is one min-plus product of that block with the
# stop-to-stop matrix (m outer sums of contiguous vectors) and one scatter. Nothing else is
# stored: the order is read back from the table by recomputing which predecessor gave the
# minimum.


@dataclass(frozen=True)
class _Layout:
    """Index arrays for m stops, built once per m."""

    masks: NDArray[np.int64]  # row -> subset bit mask (rows sorted by subset size)
    row: NDArray[np.int64]  # subset bit mask -> row
    bounds: NDArray[np.int64]  # rows of size s are bounds[s]:bounds[s + 1]
    # per size s: (src, dst) flat indices from the (m, n_s) product into the (m, 2^m) table
    pushes: list[tuple[NDArray[np.int64], NDArray[np.int64]]]

    def sums(self, values: FloatArray) -> FloatArray:
        """Sum of `values` over each row's subset (no BLAS: m vector additions)."""
        by_mask = np.zeros(len(self.masks))
        for bit, value in enumerate(np.asarray(values, dtype=float)):
            np.add(by_mask[: 1 << bit], value, out=by_mask[1 << bit : 2 << bit])
        return by_mask[self.masks]


_LAYOUTS: dict[int, _Layout] = {}


def _layout(m: int) -> _Layout:
    layout = _LAYOUTS.get(m)
    if layout is not None:
        return layout
    masks = np.arange(1 << m, dtype=np.int64)
    flags = (masks[:, None] >> np.arange(m)) & 1
    size = flags.sum(axis=1)
    order = np.argsort(size, kind="stable")
    row = np.empty(1 << m, dtype=np.int64)
    row[order] = np.arange(1 << m)
    bounds = np.searchsorted(size[order], np.arange(m + 2))
    single = np.int64(1) << np.arange(m, dtype=np.int64)
    pushes = []
    for s in range(m):
        subsets = order[bounds[s] : bounds[s + 1]]
        free = (single[:, None] & subsets[None, :]) == 0  # (m, n): stop j not yet in subset
        src = np.flatnonzero(free.ravel())
        j, col = np.divmod(src, len(subsets))
        dst = j * (1 << m) + row[subsets[col] | single[j]]
        pushes.append((src, dst))
    layout = _Layout(order, row, bounds, pushes)
    _LAYOUTS[m] = layout
    return layout


@dataclass
class _Table:
    stops: NDArray[np.int64]
    first: FloatArray  # cost from the start to each stop
    inner: FloatArray  # (m, m) stop-to-stop costs
    cost: FloatArray  # (m, 2^m): last stop x subset (layout order); inf where j not in S
    layout: _Layout
    sizes: int  # subsets of up to this many stops were computed

    def walk_back(self, mask: int, last: int) -> list[int]:
        """Stops (indices into D) of the best walk through `mask` ending at stop `last`."""
        seq = []
        while True:
            seq.append(int(self.stops[last]))
            prev = mask ^ (1 << last)
            if not prev:
                return seq[::-1]
            via = self.cost[:, self.layout.row[prev]] + self.inner[:, last]
            mask, last = prev, int(np.argmin(via))


_BUFFERS = threading.local()


def _buffer(m: int) -> FloatArray:
    """A table-sized array per thread, reused: fresh 4 MB arrays cost page faults each time.

    A table is only valid until the next table of the same size is made in the same thread.
    """
    buffers: dict[int, FloatArray] | None = getattr(_BUFFERS, "tables", None)
    if buffers is None:
        buffers = _BUFFERS.tables = {}
    if m not in buffers:
        buffers[m] = np.empty((m, 1 << m))
    return buffers[m]


def _held_karp_table(
    D: FloatArray,
    start: int,
    stops: list[int],
    *,
    max_size: int | None = None,
    slack: FloatArray | None = None,
    extra: FloatArray | None = None,
    budget: float = np.inf,
) -> _Table:
    """The Held–Karp table over `stops`, subsets of up to `max_size` stops.

    With a `budget`, the table stops growing at the first size where no subset fits: every
    state (S, j) has cost + extra(S) + slack[j] above the budget (`extra` per stop, e.g. dwell
    time; `slack[j]` a lower bound on what is still to walk from j). Larger subsets cannot fit
    either, as long as `slack` is a true lower bound.
    """
    m = len(stops)
    idx = np.asarray(stops, dtype=np.int64)
    layout = _layout(m)
    first = np.asarray(D[start, idx], dtype=np.float64)
    inner = np.ascontiguousarray(D[np.ix_(idx, idx)], dtype=np.float64)
    cost = _buffer(m)
    cost.fill(np.inf)
    flat = cost.reshape(-1)
    top = m if max_size is None else max(1, min(m, max_size))
    cost[np.arange(m), layout.row[1 << np.arange(m)]] = first
    tail = np.zeros(m) if slack is None else np.asarray(slack, float)
    extra_rows = layout.sums(np.zeros(m) if extra is None else extra)
    sizes = 1
    for s in range(1, top + 1):
        a, b = layout.bounds[s], layout.bounds[s + 1]
        block = cost[:, a:b]
        if np.isfinite(budget):
            least = block[0] + tail[0]
            for j in range(1, m):
                np.minimum(least, block[j] + tail[j], out=least)
            least += extra_rows[a:b]
            if not (least <= budget + 1e-9).any():
                break
        sizes = s
        if s == top:
            break
        # next layer: best[j, S] = min_k cost[k, S] + inner[k, j], pushed to S | {j}
        best = block[0][None, :] + inner[0][:, None]
        step = np.empty_like(best)
        for k in range(1, m):
            np.add(block[k][None, :], inner[k][:, None], out=step)
            np.minimum(best, step, out=best)
        src, dst = layout.pushes[s]
        flat[dst] = best.reshape(-1)[src]
    return _Table(stops=idx, first=first, inner=inner, cost=cost, layout=layout, sizes=sizes)


def held_karp(
    D: FloatArray, *, start: int = 0, end: int | None = None, closed: bool = False
) -> Order:
    """The exact shortest order visiting every index once (vectorised dynamic programme)."""
    D = np.asarray(D, dtype=float)
    end, closed = _normalise_end(start, end, closed)
    stops = _stops(len(D), start, end)
    if not stops:
        route = _finish([start], end, closed, start) if (end is not None) else [start]
        return Order(route=route, length=route_length(D, route), method=HELD_KARP, optimal=True)
    if len(stops) > 20:
        raise ValueError("Held–Karp is meant for up to about 16 stops.")
    table = _held_karp_table(D, start, stops)
    full = (1 << len(stops)) - 1
    tail = _tail_costs(D, table.stops, start, end, closed)
    last = int(np.argmin(table.cost[:, table.layout.row[full]] + tail))
    route = _finish([start, *table.walk_back(full, last)], end, closed, start)
    return Order(route=route, length=route_length(D, route), method=HELD_KARP, optimal=True)


def _closure(D: FloatArray) -> FloatArray:
    """Shortest-path distances over D itself (Floyd–Warshall; D may break the triangle rule)."""
    C = np.array(D, dtype=float)
    for k in range(len(C)):
        np.minimum(C, C[:, k : k + 1] + C[k : k + 1, :], out=C)
    return C


def _tail_costs(
    D: FloatArray, stops: NDArray[np.int64], start: int, end: int | None, closed: bool
) -> FloatArray:
    costs: FloatArray
    if end is not None and end != start:
        costs = D[stops, end]
    elif closed:
        costs = D[stops, start]
    else:
        costs = np.zeros(len(stops))
    return costs


# --- heuristic -------------------------------------------------------------------------------
def nearest_neighbour(D: FloatArray, *, start: int, stops: list[int]) -> list[int]:
    route = [start]
    left = set(stops)
    while left:
        here = route[-1]
        nxt = min(left, key=lambda s: (D[here, s], s))
        route.append(nxt)
        left.remove(nxt)
    return route


def two_opt(D: FloatArray, route: list[int], *, fixed_end: bool) -> list[int]:
    """Best-improvement 2-opt; position 0 stays, the last one too when `fixed_end`.

    `route` of a closed tour must repeat the start at the end (then the end is fixed).
    """
    r = np.asarray(route, dtype=np.int64)
    n = len(r)
    if n < 4 and fixed_end:
        return list(route)
    while True:
        a, b = r[:-1], r[1:]
        # reversing r[i+1..j] replaces edges (a_i,b_i),(a_j,b_j) by (a_i,a_j),(b_i,b_j)
        delta = D[a[:, None], a[None, :]] + D[b[:, None], b[None, :]]
        delta -= D[a, b][:, None] + D[a, b][None, :]
        delta = np.triu(delta, k=2)
        best_delta = float(delta.min()) if delta.size else 0.0
        best_tail = 0.0
        if not fixed_end and n >= 3:
            # reversing the tail r[i+1..] replaces (a_i,b_i) by (a_i, last)
            tail = D[a, r[-1]] - D[a, b]
            tail[-1] = 0.0
            best_tail = float(tail.min())
        if min(best_delta, best_tail) > -1e-9:
            return [int(x) for x in r]
        if best_tail < best_delta:
            i = int(np.argmin(tail))
            r[i + 1 :] = r[i + 1 :][::-1].copy()
        else:
            i, j = (int(k) for k in np.unravel_index(int(np.argmin(delta)), delta.shape))
            r[i + 1 : j + 1] = r[i + 1 : j + 1][::-1].copy()


def nn_two_opt(
    D: FloatArray, *, start: int = 0, end: int | None = None, closed: bool = False
) -> Order:
    D = np.asarray(D, dtype=float)
    end, closed = _normalise_end(start, end, closed)
    stops = _stops(len(D), start, end)
    route = _finish(nearest_neighbour(D, start=start, stops=stops), end, closed, start)
    fixed = closed or (end is not None and end != start)
    route = two_opt(D, route, fixed_end=fixed)
    return Order(route=route, length=route_length(D, route), method=HEURISTIC, optimal=False)


def lower_bound(D: FloatArray, nodes: list[int]) -> float:
    """Weight of a minimum spanning tree: no path or tour through `nodes` is shorter."""
    idx = np.asarray(sorted(set(nodes)), dtype=np.int64)
    sub = D[np.ix_(idx, idx)].copy()
    sub[sub == 0] = 1e-9  # csgraph reads 0 as "no edge"
    np.fill_diagonal(sub, 0)
    return float(minimum_spanning_tree(sub).sum())


def solve_order(
    D: FloatArray,
    *,
    start: int = 0,
    end: int | None = None,
    closed: bool = False,
    exact_limit: int = EXACT_LIMIT,
) -> Order:
    """Exact up to `exact_limit` stops, else nearest neighbour + 2-opt with its gap bound."""
    if len(_stops(len(D), start, end)) <= exact_limit:
        return held_karp(D, start=start, end=end, closed=closed)
    order = nn_two_opt(D, start=start, end=end, closed=closed)
    bound = lower_bound(np.asarray(D, float), order.route)
    gap = (order.length - bound) / bound if bound > 0 else 0.0
    return Order(order.route, order.length, order.method, False, gap)


# --- orienteering ----------------------------------------------------------------------------
@dataclass(frozen=True)
class Plan:
    """Chosen stations (candidate indices into D) in visiting order, and their cost."""

    route: list[int]  # start, stations..., end (if any)
    stations: list[int]
    score: float
    walk: float  # travel cost (same unit as D)
    total: float  # walk + dwell
    method: str
    optimal: bool


def _plan_cost(walk: float, stations: list[int], dwell: FloatArray) -> float:
    return walk + float(dwell[stations].sum()) if stations else walk


def orienteering(
    T: FloatArray,
    scores: FloatArray,
    *,
    budget: float,
    dwell: FloatArray | float = 0.0,
    start: int = 0,
    end: int | None = None,
    closed: bool = False,
    max_stations: int | None = None,
    exact_limit: int = EXACT_LIMIT,
) -> Plan:
    """Stations to visit within `budget` (travel T plus dwell), maximising the total score.

    `scores[i]` and `dwell[i]` belong to index i of T (ignored for start and end). Ties in
    score go to the shorter tour.
    """
    T = np.asarray(T, dtype=float)
    end, closed = _normalise_end(start, end, closed)
    n = len(T)
    scores = np.asarray(scores, dtype=float)
    dwell_arr = np.broadcast_to(np.asarray(dwell, dtype=float), (n,)).copy()
    candidates = [i for i in _stops(n, start, end) if scores[i] > 0]
    limit = len(candidates) if max_stations is None else min(max_stations, len(candidates))
    if len(candidates) <= exact_limit:
        return _orienteering_exact(
            T, scores, dwell_arr, budget, start, end, closed, candidates, limit
        )
    greedy = _orienteering_greedy(
        T, scores, dwell_arr, budget, start, end, closed, candidates, limit
    )
    # The exact answer over the most promising candidates often beats the greedy choice.
    near = T[start, candidates] + (T[candidates, end] if end is not None else 0)
    ranked = sorted(candidates, key=lambda c: (-scores[c] / (1.0 + near[candidates.index(c)]), c))
    pool = sorted(set(greedy.stations) | set(ranked[: exact_limit - len(greedy.stations)]))
    if len(pool) > exact_limit:
        pool = sorted(greedy.stations)[:exact_limit]
    exact = _orienteering_exact(T, scores, dwell_arr, budget, start, end, closed, pool, limit)
    best = max(greedy, exact, key=lambda p: (round(p.score, 9), -p.total))
    if best is greedy and 0 < len(best.stations) <= exact_limit:
        # the choice is heuristic, the order of the chosen stations is made exact
        best = _exact_order(T, best, dwell_arr, start, end, closed)
    return Plan(best.route, best.stations, best.score, best.walk, best.total, HEURISTIC, False)


def _exact_order(
    T: FloatArray, plan: Plan, dwell: FloatArray, start: int, end: int | None, closed: bool
) -> Plan:
    """The same stations in the shortest order (Held–Karp on their sub-matrix)."""
    points = [start, *plan.stations] + ([end] if end is not None else [])
    sub = T[np.ix_(points, points)]
    order = held_karp(sub, start=0, end=len(points) - 1 if end is not None else None, closed=closed)
    route = [points[i] for i in order.route]
    walk = route_length(T, route)
    if walk >= plan.walk - 1e-9:
        return plan
    stations = [i for i in route[1:] if i not in (start, end)]
    return Plan(
        route, stations, plan.score, walk, _plan_cost(walk, stations, dwell), HEURISTIC, False
    )


def _orienteering_exact(
    T: FloatArray,
    scores: FloatArray,
    dwell: FloatArray,
    budget: float,
    start: int,
    end: int | None,
    closed: bool,
    candidates: list[int],
    limit: int,
) -> Plan:
    empty_route = [start, end] if end is not None else [start]
    walk0 = route_length(T, empty_route)
    best = Plan(empty_route, [], 0.0, walk0, walk0, HELD_KARP, True)
    if best.total > budget + 1e-9:
        raise ValueError("Even the way from start to end does not fit the time budget.")
    if not candidates or limit == 0:
        return best
    stops = np.asarray(candidates, dtype=np.int64)
    tail = _tail_costs(T, stops, start, end, closed)
    # what is left to walk from a stop is at least the shortest way to the end over any stops
    slack = (
        _closure(T)[stops, end if end is not None else start]
        if (closed or end is not None)
        else tail
    )
    table = _held_karp_table(
        T, start, candidates, max_size=limit, slack=slack, extra=dwell[stops], budget=budget
    )
    rows = table.layout.bounds[table.sizes + 1]  # subsets of up to `sizes` stops
    cost = table.cost[:, :rows]
    walk = cost[0] + tail[0]  # best walk through each subset, over its last stop
    for j in range(1, len(stops)):
        np.minimum(walk, cost[j] + tail[j], out=walk)
    total = walk + table.layout.sums(dwell[stops])[:rows]
    score = table.layout.sums(scores[stops])[:rows]
    ok = np.isfinite(walk) & (total <= budget + 1e-9)
    ok[0] = False  # the empty subset
    if not ok.any():
        return best
    # best score, then shortest total: one pass over the table
    key = np.where(ok, score, -np.inf)
    top = np.flatnonzero(key >= key.max() - 1e-9)
    row = int(top[np.argmin(total[top])])
    last = int(np.argmin(cost[:, row] + tail))
    stations = table.walk_back(int(table.layout.masks[row]), last)
    route = _finish([start, *stations], end, closed, start)
    walk_len = route_length(T, route)
    return Plan(
        route,
        stations,
        float(score[row]),
        walk_len,
        _plan_cost(walk_len, stations, dwell),
        HELD_KARP,
        True,
    )


def _orienteering_greedy(
    T: FloatArray,
    scores: FloatArray,
    dwell: FloatArray,
    budget: float,
    start: int,
    end: int | None,
    closed: bool,
    candidates: list[int],
    limit: int,
) -> Plan:
    route = [start, end] if end is not None else ([start, start] if closed else [start])
    fixed = closed or end is not None
    chosen: list[int] = []
    left = list(candidates)
    while left and len(chosen) < limit:
        r = np.asarray(route, dtype=np.int64)
        c = np.asarray(left, dtype=np.int64)
        if len(r) > 1:
            add = (
                T[r[:-1, None], c[None, :]] + T[c[None, :], r[1:, None]] - T[r[:-1], r[1:]][:, None]
            )
        else:
            add = np.empty((0, len(c)))
        if not fixed:
            add = np.vstack([add, T[r[-1], c][None, :]])  # append at the end
        pos = add.argmin(axis=0)
        extra = add[pos, np.arange(len(c))] + dwell[c]
        walk_now = route_length(T, route)
        total_now = _plan_cost(walk_now, chosen, dwell)
        fits = total_now + extra <= budget + 1e-9
        if not fits.any():
            break
        ratio = np.where(fits, scores[c] / (extra + 1e-6), -np.inf)
        k = int(np.argmax(ratio))
        route.insert(int(pos[k]) + 1, int(c[k]))
        chosen.append(int(c[k]))
        left.remove(int(c[k]))
        route = two_opt(T, route, fixed_end=fixed)
    walk = route_length(T, route)
    stations = [i for i in route if i in set(chosen)]
    return Plan(
        route,
        stations,
        float(scores[chosen].sum()) if chosen else 0.0,
        walk,
        _plan_cost(walk, stations, dwell),
        HEURISTIC,
        False,
    )
