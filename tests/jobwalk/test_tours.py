"""The tour solvers against brute force on small cases (no database)."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from kausa.jobwalk.tours import (
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
