"""The tour solvers against brute force on small cases (no database)."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from kausa.jobwalk.engine.tours import (
    brute_force,
    held_karp,
    lower_bound,
    nn_two_opt,
    orienteering,
    route_length,
    solve_order,
)


def _metric(n: int, seed: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    xy = rng.uniform(0, 1000, (n, 2))
    return np.linalg.norm(xy[:, None] - xy[None, :], axis=2)


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize(
    ("closed", "end"), [(False, None), (True, None), (False, "last")], ids=["open", "round", "end"]
)
def test_held_karp_matches_brute_force(seed, closed, end):
    D = _metric(8, seed)
    end_index = 7 if end == "last" else None
    exact = held_karp(D, start=0, end=end_index, closed=closed)
    brute = brute_force(D, start=0, end=end_index, closed=closed)
    assert exact.length == pytest.approx(brute.length)
    assert sorted(exact.route[1:]) == sorted(brute.route[1:])
    assert exact.route[0] == 0
    if closed:
        assert exact.route[-1] == 0
    if end_index is not None:
        assert exact.route[-1] == end_index
    assert route_length(D, exact.route) == pytest.approx(exact.length)


def test_held_karp_with_asymmetric_costs_is_still_exact():
    rng = np.random.default_rng(3)
    D = rng.uniform(1, 100, (7, 7))
    np.fill_diagonal(D, 0)
    assert held_karp(D).length == pytest.approx(brute_force(D).length)


def test_heuristic_is_never_better_than_exact_and_bounded_below():
    for seed in range(5):
        D = _metric(10, seed)
        exact = held_karp(D, closed=True)
        heur = nn_two_opt(D, closed=True)
        assert heur.length >= exact.length - 1e-6
        assert lower_bound(D, list(range(10))) <= exact.length + 1e-6
        assert sorted(heur.route[:-1]) == list(range(10))


def test_large_tour_uses_heuristic_and_reports_a_gap():
    D = _metric(25, 1)
    order = solve_order(D, closed=True)
    assert order.method == "nn_2opt"
    assert not order.optimal
    assert order.gap is not None and order.gap >= 0
    assert sorted(order.route[:-1]) == list(range(25))


def test_solve_order_is_exact_for_fifteen_stops():
    D = _metric(16, 2)
    order = solve_order(D)
    assert order.method == "held_karp" and order.optimal
    assert order.length <= nn_two_opt(D).length + 1e-6


def _brute_orienteering(T, scores, dwell, budget, closed, max_stations=None):
    n = len(T)
    best = (0.0, -route_length(T, [0]))
    for k in range(1, n):
        if max_stations is not None and k > max_stations:
            break
        for subset in itertools.combinations(range(1, n), k):
            order = brute_force(T[np.ix_((0, *subset), (0, *subset))], closed=closed)
            total = order.length + dwell * k
            if total <= budget + 1e-9:
                best = max(best, (float(scores[list(subset)].sum()), -total))
    return best


@pytest.mark.parametrize("seed", range(5))
@pytest.mark.parametrize("closed", [False, True])
def test_orienteering_exact_matches_brute_force(seed, closed):
    T = _metric(8, seed) / 80.0  # minutes
    rng = np.random.default_rng(seed)
    scores = rng.integers(1, 5, 8).astype(float)
    plan = orienteering(T, scores, budget=40.0, dwell=5.0, closed=closed)
    expected_score, expected_neg_total = _brute_orienteering(T, scores, 5.0, 40.0, closed)
    assert plan.score == pytest.approx(expected_score)
    assert plan.total == pytest.approx(-expected_neg_total)
    assert plan.total <= 40.0 + 1e-9
    assert plan.optimal


def test_orienteering_respects_max_stations():
    T = _metric(9, 4) / 80.0
    scores = np.ones(9)
    plan = orienteering(T, scores, budget=500.0, dwell=1.0, max_stations=3)
    assert len(plan.stations) == 3


def test_orienteering_heuristic_fits_budget_on_many_candidates():
    T = _metric(40, 5) / 80.0
    scores = np.random.default_rng(5).integers(1, 4, 40).astype(float)
    plan = orienteering(T, scores, budget=60.0, dwell=4.0, closed=True)
    assert plan.method == "nn_2opt"
    assert plan.total <= 60.0 + 1e-9
    assert plan.route[0] == 0 and plan.route[-1] == 0
    assert len(set(plan.stations)) == len(plan.stations) > 0
    walk = route_length(T, plan.route)
    assert plan.total == pytest.approx(walk + 4.0 * len(plan.stations))


def test_orienteering_impossible_budget_raises():
    T = _metric(4, 0) / 80.0
    with pytest.raises(ValueError, match="does not fit"):
        orienteering(T, np.ones(4), budget=0.001, start=0, end=3)


def _brute_plan(T, scores, dwell, budget, *, closed=False, end=None, max_stations=None):
    """(best score, shortest total) over every subset and every order."""
    n = len(T)
    fixed = [0] if end is None else [0, end]
    free = [i for i in range(n) if i not in fixed]
    best = (0.0, -route_length(T, fixed))
    for k in range(1, len(free) + 1):
        if max_stations is not None and k > max_stations:
            break
        for subset in itertools.combinations(free, k):
            for perm in itertools.permutations(subset):
                route = [0, *perm] + ([end] if end is not None else [0] if closed else [])
                total = route_length(T, route) + float(dwell[list(subset)].sum())
                if total <= budget + 1e-9:
                    best = max(best, (float(scores[list(subset)].sum()), -total))
    return best


@pytest.mark.parametrize("seed", range(4))
@pytest.mark.parametrize("budget", [12.0, 25.0, 45.0, 400.0])
@pytest.mark.parametrize(
    ("closed", "end", "metric"),
    [(False, None, True), (True, None, True), (False, 6, True), (True, None, False)],
    ids=["open", "round", "end", "round-nonmetric"],
)
def test_orienteering_exact_matches_brute_force_for_any_budget(seed, budget, closed, end, metric):
    """Tight budgets prune the table; non-metric costs must not break the pruning."""
    rng = np.random.default_rng(100 + seed)
    n = 7
    if metric:
        T = _metric(n, 100 + seed) / 80.0
    else:
        T = rng.uniform(0.5, 15.0, (n, n))
        np.fill_diagonal(T, 0)
    scores = rng.integers(0, 5, n).astype(float)
    scores[0] = 0
    dwell = rng.uniform(0, 6, n)
    plan = orienteering(T, scores, budget=budget, dwell=dwell, closed=closed, end=end)
    candidates = scores > 0
    candidates[0] = False
    # brute force over the candidates only (stations with score 0 are never chosen)
    keep = [0] + [i for i in range(n) if candidates[i] or i == end]
    sub = T[np.ix_(keep, keep)]
    sub_end = keep.index(end) if end is not None else None
    expected = _brute_plan(sub, scores[keep], dwell[keep], budget, closed=closed, end=sub_end)
    assert plan.score == pytest.approx(expected[0])
    assert plan.total == pytest.approx(-expected[1])
    assert plan.optimal and plan.total <= budget + 1e-9
    route = plan.route
    assert route[0] == 0 and sorted(plan.stations) == sorted(set(plan.stations))
    if end is not None:
        assert route[-1] == end


@pytest.mark.parametrize("max_stations", [1, 2, 4])
def test_orienteering_max_stations_matches_brute_force(max_stations):
    T = _metric(8, 9) / 60.0
    scores = np.random.default_rng(9).integers(1, 6, 8).astype(float)
    scores[0] = 0
    dwell = np.full(8, 3.0)
    plan = orienteering(T, scores, budget=60.0, dwell=dwell, max_stations=max_stations)
    expected = _brute_plan(T, scores, dwell, 60.0, max_stations=max_stations)
    assert len(plan.stations) <= max_stations
    assert plan.score == pytest.approx(expected[0])
    assert plan.total == pytest.approx(-expected[1])


def _reference_held_karp(D, closed):
    """Plain dictionary Held–Karp (textbook form) to check the vectorised one on 12 stops."""
    n = len(D)
    cost = {(1 << (j - 1), j): D[0][j] for j in range(1, n)}
    for size in range(2, n):
        for subset in itertools.combinations(range(1, n), size):
            mask = sum(1 << (j - 1) for j in subset)
            for j in subset:
                prev = mask ^ (1 << (j - 1))
                cost[mask, j] = min(cost[prev, k] + D[k][j] for k in subset if k != j)
    full = (1 << (n - 1)) - 1
    return min(cost[full, j] + (D[j][0] if closed else 0.0) for j in range(1, n))


@pytest.mark.parametrize("closed", [False, True])
def test_held_karp_twelve_stops_matches_textbook_dynamic_programme(closed):
    D = _metric(13, 21)
    D = D + np.random.default_rng(21).uniform(0, 50, D.shape)  # asymmetric too
    np.fill_diagonal(D, 0)
    assert held_karp(D, closed=closed).length == pytest.approx(
        _reference_held_karp(D.tolist(), closed)
    )


def test_orienteering_fifteen_candidates_all_fit_visits_all_in_the_best_order():
    D = _metric(16, 4) / 70.0
    plan = orienteering(D, np.r_[0.0, np.ones(15)], budget=1e6, dwell=1.0, closed=True)
    assert sorted(plan.stations) == list(range(1, 16))
    assert plan.walk == pytest.approx(held_karp(D, closed=True).length)
    assert plan.optimal


def test_orienteering_on_many_candidates_still_orders_the_chosen_stations_exactly():
    for seed in range(4):
        T = _metric(40, 30 + seed) / 80.0
        scores = np.random.default_rng(seed).integers(1, 4, 40).astype(float)
        plan = orienteering(T, scores, budget=75.0, dwell=4.0, closed=True)
        assert plan.method == "nn_2opt" and 0 < len(plan.stations) <= 15
        points = [0, *plan.stations]
        best = held_karp(T[np.ix_(points, points)], closed=True)
        assert plan.walk == pytest.approx(best.length)
