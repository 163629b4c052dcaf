"""The distributions behind `kausa generate` (numpy and the standard library, no Django).

Everything here takes plain arrays and a ``numpy.random.Generator`` and returns arrays, so
the shapes of the generated data can be tested without a database:

- places: every postal code is equally likely. The reference data has no population
  column, so a district's share is its number of postal codes (a proxy: postal codes are
  cut by delivery volume, but rural areas have more codes per inhabitant than cities).
- offices: one Landesstelle per state, the other offices shared out over the states by
  their number of postal codes; each office serves an equal slice of its state's postal
  codes, written as postal-code ranges (``Organisation.serves_postal_codes``).
- occupations: Zipf-Mandelbrot popularity, weight ``1 / (rank + ZIPF_Q) ** ZIPF_S``, by a
  ranking of occupations (the most frequent first).
- start dates: the first (sometimes the 15th) of a month in the coming twelve months,
  most in August and September as in the German training year.
- ages: 15 to 26, most around 19.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

IntArray = npt.NDArray[np.int64]

ZIPF_S = 1.1
ZIPF_Q = 2.0
# Weights of the calendar months for a training start: most start on 1 August or
# 1 September, the rest spread over the year (late starters, second-chance places).
START_MONTH_WEIGHTS = {
    1: 2.5,
    2: 3.0,
    3: 2.0,
    4: 2.5,
    5: 2.0,
    6: 2.0,
    7: 3.0,
    8: 48.0,
    9: 24.0,
    10: 5.0,
    11: 3.0,
    12: 3.0,
}
START_ON_15TH = 0.08
AGE_MEAN, AGE_SD, AGE_MIN, AGE_MAX = 19.3, 2.6, 15.0, 26.9
# Characters of one "lo-hi, " range; Organisation.serves_postal_codes holds 500.
SERVES_MAX_CHARS = 500


def zipf_weights(n: int, s: float = ZIPF_S, q: float = ZIPF_Q) -> npt.NDArray[np.float64]:
    """Probabilities of ranks 1..n, falling as 1 / (rank + q) ** s."""
    if n <= 0:
        return np.zeros(0)
    weights = 1.0 / (np.arange(1, n + 1) + q) ** s
    return np.asarray(weights / weights.sum(), dtype=np.float64)


def largest_remainder(total: int, weights: npt.ArrayLike) -> IntArray:
    """Whole numbers in proportion to ``weights`` that add up to exactly ``total``."""
    w = np.asarray(weights, dtype=np.float64)
    if total <= 0 or w.sum() <= 0:
        return np.zeros(len(w), np.int64)
    exact = total * w / w.sum()
    counts = np.floor(exact).astype(np.int64)
    short = total - int(counts.sum())
    if short:
        order = np.argsort(-(exact - counts), kind="stable")
        counts[order[:short]] += 1
    return counts


def draw(rng: np.random.Generator, n: int, weights: Mapping[Any, float]) -> IntArray:
    """Indices into ``list(weights)``, each as likely as its weight."""
    p = np.asarray(list(weights.values()), dtype=np.float64)
    return rng.choice(len(p), size=n, p=p / p.sum()).astype(np.int64)


@dataclass(frozen=True)
class OfficeArea:
    state: str
    landesstelle: bool
    codes: IntArray  # indices into the postal codes, in code order


def office_areas(
    codes: Sequence[str], states: Sequence[str], offices: int, seats: Mapping[str, int]
) -> list[OfficeArea]:
    """Split the postal codes among ``offices`` offices: one Landesstelle per state, the rest
    to the states in proportion to their postal codes; each office of a state an equal run
    of the state's codes in code order (so its area is a few ranges). ``seats``: state ->
    index of a postal code of the state's seat (the capital); that run is the Landesstelle's.
    Every code belongs to exactly one office. Raises ValueError for fewer offices than
    states."""
    state_arr = np.asarray(states)
    order = np.argsort(np.asarray(codes), kind="stable")
    names = sorted(set(states))
    if offices < len(names):
        raise ValueError(f"at least one office per state: {len(names)} offices or more")
    sizes = np.array([(state_arr == s).sum() for s in names])
    extra = largest_remainder(offices - len(names), sizes)
    areas: list[OfficeArea] = []
    for state, more in zip(names, extra.tolist(), strict=True):
        members = order[state_arr[order] == state]
        runs = [r for r in np.array_split(members, 1 + more) if len(r)]
        seat = seats.get(state)
        main = next((i for i, r in enumerate(runs) if seat is not None and seat in r), 0)
        for i, run in enumerate(runs):
            areas.append(OfficeArea(state, i == main, run.astype(np.int64)))
    return areas


def owner_of_codes(n_codes: int, areas: Sequence[OfficeArea]) -> IntArray:
    """Office index (position in ``areas``) of every postal code."""
    owner = np.full(n_codes, -1, np.int64)
    for number, area in enumerate(areas):
        owner[area.codes] = number
    return owner


def served_ranges(codes: Sequence[str], member: npt.NDArray[np.bool_]) -> str:
    """'lo-hi, code, …': the runs of member codes among all codes in code order, so that no
    other known code lies inside a range. Raises ValueError past SERVES_MAX_CHARS."""
    order = np.argsort(np.asarray(codes), kind="stable")
    inside = np.concatenate([[False], member[order], [False]]).astype(np.int8)
    edges = np.diff(inside)
    starts, stops = np.flatnonzero(edges == 1), np.flatnonzero(edges == -1) - 1
    parts = []
    for first, last in zip(starts.tolist(), stops.tolist(), strict=True):
        low, high = codes[order[first]], codes[order[last]]
        parts.append(low if low == high else f"{low}-{high}")
    text = ", ".join(parts)
    if len(text) > SERVES_MAX_CHARS:
        raise ValueError(f"{len(parts)} ranges do not fit in {SERVES_MAX_CHARS} characters")
    return text


def start_dates(rng: np.random.Generator, n: int, today: dt.date) -> IntArray:
    """Ordinals of training starts in the twelve months after ``today``'s month."""
    firsts = []
    year, month = today.year, today.month
    for _ in range(12):
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        firsts.append(dt.date(year, month, 1))
    p = np.array([START_MONTH_WEIGHTS[d.month] for d in firsts], dtype=np.float64)
    picks = rng.choice(12, size=n, p=p / p.sum())
    ordinals = np.array([d.toordinal() for d in firsts], np.int64)[picks]
    return ordinals + np.where(rng.random(n) < START_ON_15TH, 14, 0)


def birth_dates(rng: np.random.Generator, n: int, today: dt.date) -> IntArray:
    """Ordinals of birth dates for ages between AGE_MIN and AGE_MAX, most near AGE_MEAN."""
    ages = np.clip(rng.normal(AGE_MEAN, AGE_SD, n), AGE_MIN, AGE_MAX)
    return today.toordinal() - np.ceil(ages * 365.25).astype(np.int64)


def pick_in_groups(rng: np.random.Generator, group_of_item: IntArray, wanted: IntArray) -> IntArray:
    """For each entry of ``wanted`` (a group number) a random item of that group (items are
    numbered by position in ``group_of_item``); -1 where the group has no item."""
    order = np.argsort(group_of_item, kind="stable")
    groups = group_of_item[order]
    size = int(max(group_of_item.max(initial=-1), wanted.max(initial=-1))) + 1
    start = np.searchsorted(groups, np.arange(size), side="left")
    stop = np.searchsorted(groups, np.arange(size), side="right")
    lo, count = start[wanted], (stop - start)[wanted]
    offset = np.floor(rng.random(len(wanted)) * np.maximum(count, 1)).astype(np.int64)
    return np.where(count > 0, order[np.minimum(lo + offset, len(order) - 1)], -1)


def interests(
    rng: np.random.Generator, n: int, p: npt.NDArray[np.float64], most: int = 3
) -> IntArray:
    """(n, most) occupation indices drawn by popularity ``p``, -1 for none; a person names
    0 to ``most`` different occupations (mostly one or two)."""
    count = rng.choice(4, size=n, p=[0.1, 0.4, 0.35, 0.15])
    picks = rng.choice(len(p), size=(n, most), p=p)
    keep = np.arange(most)[None, :] < count[:, None]
    for col in range(1, most):  # a repeated pick is dropped, not replaced
        repeat = (picks[:, :col] == picks[:, col : col + 1]).any(axis=1)
        keep[:, col] &= ~repeat
    return np.where(keep, picks, -1).astype(np.int64)
