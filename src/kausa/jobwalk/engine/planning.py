"""Routes through points and the "make me a tour" planner, on any distance model (no Django).

The Django side collects candidates (companies that take part, with an interest score) and a
distance model (a street graph or the straight-line fallback); these functions do the rest.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import numpy as np

from kausa.jobwalk.engine.routing import DistanceModel, FloatArray, Matrix, NoRoute, haversine_m
from kausa.jobwalk.engine.tours import Order, orienteering, route_length, solve_order

MAX_POINTS = 30  # one many-to-many matrix: the start plus up to 29 candidates


class PlanError(ValueError):
    """A request that cannot be answered, with the reason for the person who asked."""


@dataclass(frozen=True)
class Route:
    order: list[int]  # point indices in walking order (0 = start; repeated at the end if closed)
    geometry: list[tuple[float, float]]
    length_m: float
    legs_m: list[float]
    model: str
    method: str
    optimal: bool
    gap: float | None = None


def _geometry(
    model: DistanceModel, matrix: Matrix, order: list[int], lat: FloatArray, lon: FloatArray
) -> tuple[list[tuple[float, float]], list[float]]:
    coords: list[tuple[float, float]] = [(float(lat[order[0]]), float(lon[order[0]]))]
    legs = []
    for a, b in itertools.pairwise(order):
        leg = model.leg(matrix, a, b, lat, lon)
        coords.extend(leg[1:] if coords and leg and leg[0] == coords[-1] else leg)
        legs.append(float(matrix.distances[a, b]))
    return coords, legs


def route_through(
    model: DistanceModel,
    lat: FloatArray,
    lon: FloatArray,
    *,
    closed: bool = False,
    optimise: bool = False,
) -> Route:
    """A walk from point 0 through all others: in the given order, or the shortest one."""
    lat, lon = np.asarray(lat, float), np.asarray(lon, float)
    if len(lat) > MAX_POINTS + 1:
        raise PlanError(f"At most {MAX_POINTS} stations per tour.")
    try:
        matrix = model.matrix(lat, lon)
    except NoRoute as exc:
        raise PlanError(str(exc)) from exc
    D = matrix.distances
    if optimise and len(lat) > 2:
        best: Order = solve_order(D, start=0, closed=closed)
        order, method, optimal, gap = best.route, best.method, best.optimal, best.gap
    else:
        order = list(range(len(lat))) + ([0] if closed and len(lat) > 1 else [])
        method, optimal, gap = "as_given", False, None
    geometry, legs = _geometry(model, matrix, order, lat, lon)
    return Route(order, geometry, route_length(D, order), legs, matrix.model, method, optimal, gap)


@dataclass(frozen=True)
class Plan:
    stations: list[int]  # candidate indices (0-based into the candidate arrays) in order
    route: Route
    score: float
    walk_minutes: float
    total_minutes: float


def plan_walk(
    model: DistanceModel,
    start: tuple[float, float],
    cand_lat: FloatArray,
    cand_lon: FloatArray,
    scores: FloatArray,
    *,
    budget_minutes: float,
    pace_kmh: float = 4.0,
    dwell_minutes: float = 15.0,
    max_stations: int | None = None,
    closed: bool = False,
) -> Plan:
    """Choose and order stations within the time budget, maximising the summed score."""
    scores = np.asarray(scores, float)
    if len(scores) == 0 or not (scores > 0).any():
        raise PlanError("No company that takes part matches these interests in this area.")
    if budget_minutes <= 0:
        raise PlanError("The time budget must be more than 0 minutes.")
    metres_per_minute = pace_kmh * 1000 / 60
    budget_m = budget_minutes * metres_per_minute
    # No walk is shorter than the straight line, so a station that cannot be reached (and left
    # again on a round walk) within the budget even in a straight line is never in a plan.
    lat0, lon0 = start
    straight = haversine_m(lat0, lon0, np.asarray(cand_lat, float), np.asarray(cand_lon, float))
    need = straight * (2 if closed else 1) + dwell_minutes * metres_per_minute
    fits = (scores > 0) & (need <= budget_m + 1e-6)
    if not fits.any():
        nearest = float(need[scores > 0].min()) / metres_per_minute
        raise PlanError(
            f"The time budget is too short: the nearest matching station needs at least "
            f"{nearest:.0f} minutes."
        )
    # the most promising candidates: score first, then nearness
    ranked = np.lexsort((straight, -scores))
    keep = ranked[fits[ranked]][: MAX_POINTS - 1]
    lat = np.concatenate([[lat0], np.asarray(cand_lat, float)[keep]])
    lon = np.concatenate([[lon0], np.asarray(cand_lon, float)[keep]])
    try:
        # distances longer than the whole budget never matter: the searches stop there
        matrix = model.matrix(lat, lon, cap=budget_m)
    except NoRoute as exc:
        raise PlanError(str(exc)) from exc
    minutes = matrix.distances / metres_per_minute
    point_scores = np.concatenate([[0.0], scores[keep]])
    plan = orienteering(
        minutes,
        point_scores,
        budget=budget_minutes,
        dwell=np.concatenate([[0.0], np.full(len(keep), dwell_minutes)]),
        start=0,
        closed=closed,
        max_stations=max_stations,
    )
    if not plan.stations:
        nearest = float(np.min(minutes[0, 1:] * (2 if closed else 1))) + dwell_minutes
        raise PlanError(
            f"The time budget is too short: the nearest matching station needs about "
            f"{nearest:.0f} minutes."
        )
    geometry, legs = _geometry(model, matrix, plan.route, lat, lon)
    route = Route(
        plan.route,
        geometry,
        route_length(matrix.distances, plan.route),
        legs,
        matrix.model,
        plan.method,
        plan.optimal,
    )
    walk = route.length_m / metres_per_minute
    return Plan(
        stations=[int(keep[i - 1]) for i in plan.stations],
        route=route,
        score=plan.score,
        walk_minutes=walk,
        total_minutes=walk + dwell_minutes * len(plan.stations),
    )
