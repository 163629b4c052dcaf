"""The score parts, vectorised (numpy) and plain (Python).

Each *_np function works on broadcastable arrays; each *_py twin on Python scalars and is
written with the same operations in the same order.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from kausa.matching.engine.weights import (
    CERT_FAR_SHORT,
    CERT_MEETS,
    CERT_ONE_SHORT,
    CERT_RECOGNITION,
    CERT_UNKNOWN,
    DIST_H2,
    EARTH_RADIUS_KM,
    FOREIGN_UNRECOGNISED,
    GER_BSK,
    GER_MEETS,
    GER_UNKNOWN,
    OCC_ANY,
    OCC_AREA,
    OCC_EXACT,
    OCC_GROUP,
    OCC_OTHER,
    SCORE_SCALE,
    START_FITS,
    START_LATE_DAYS,
    START_LATER,
    START_WINDOW_DAYS,
    UNKNOWN,
    W_CERT,
    W_DIST,
    W_GER,
    W_OCC,
    W_START,
    FloatArray,
    IntArray,
)


def distance_part_np(chord: FloatArray) -> FloatArray:
    d = chord * EARTH_RADIUS_KM
    return DIST_H2 / (DIST_H2 + d * d)


def distance_part_py(chord: float) -> float:
    d = chord * EARTH_RADIUS_KM
    return DIST_H2 / (DIST_H2 + d * d)


def occupation_part_np(
    occ: Any, kldb: Any, interest_occ: Sequence[Any], interest_kldb: Sequence[Any]
) -> FloatArray:
    """Best fit over the interests; interest entries < 0 are padding. No interests: OCC_ANY."""
    occ = np.asarray(occ)
    kldb = np.asarray(kldb)
    best = None
    has_any = None
    for i_occ, i_kldb in zip(interest_occ, interest_kldb, strict=True):
        i_occ, i_kldb = np.asarray(i_occ), np.asarray(i_kldb)
        valid = i_occ >= 0
        fit = np.where(
            occ == i_occ,
            OCC_EXACT,
            np.where(
                kldb // 100 == i_kldb // 100,
                OCC_GROUP,
                np.where(kldb // 10000 == i_kldb // 10000, OCC_AREA, OCC_OTHER),
            ),
        )
        fit = np.where(valid, fit, OCC_OTHER)
        best = fit if best is None else np.maximum(best, fit)
        has_any = valid if has_any is None else (has_any | valid)
    shape = np.broadcast(occ, kldb).shape
    if best is None or has_any is None:  # both are set by the first interest
        return np.full(shape, OCC_ANY)
    return np.where(has_any, best, OCC_ANY) + np.zeros(shape)


def occupation_part_py(occ: int, kldb: int, interests: Sequence[tuple[int, int]]) -> float:
    best = None
    for i_occ, i_kldb in interests:
        if i_occ < 0:
            continue
        if occ == i_occ:
            fit = OCC_EXACT
        elif kldb // 100 == i_kldb // 100:
            fit = OCC_GROUP
        elif kldb // 10000 == i_kldb // 10000:
            fit = OCC_AREA
        else:
            fit = OCC_OTHER
        best = fit if best is None else max(best, fit)
    return OCC_ANY if best is None else best


def german_part_np(have: Any, need: Any) -> FloatArray:
    """NaN where the gap excludes the offer (two or more levels short)."""
    have, need = np.asarray(have), np.asarray(need)
    gap = need - have
    part = np.where(gap <= 0, GER_MEETS, np.where(gap == 1, GER_BSK, np.nan))
    part = np.where(need == 0, GER_MEETS, part)
    return np.where(have == UNKNOWN, np.where(need == 0, GER_MEETS, GER_UNKNOWN), part)


def german_part_py(have: int, need: int) -> float | None:
    if need == 0:
        return GER_MEETS
    if have == UNKNOWN:
        return GER_UNKNOWN
    gap = need - have
    if gap <= 0:
        return GER_MEETS
    return GER_BSK if gap == 1 else None


def certificate_part_np(have: Any, need: Any) -> FloatArray:
    have, need = np.asarray(have), np.asarray(need)
    gap = need - have
    part = np.where(gap <= 0, CERT_MEETS, np.where(gap == 1, CERT_ONE_SHORT, CERT_FAR_SHORT))
    part = np.where(have == FOREIGN_UNRECOGNISED, CERT_RECOGNITION, part)
    part = np.where(have == UNKNOWN, CERT_UNKNOWN, part)
    return np.where(need == 0, CERT_MEETS, part)


def certificate_part_py(have: int, need: int) -> float:
    if need == 0:
        return CERT_MEETS
    if have == UNKNOWN:
        return CERT_UNKNOWN
    if have == FOREIGN_UNRECOGNISED:
        return CERT_RECOGNITION
    gap = need - have
    if gap <= 0:
        return CERT_MEETS
    return CERT_ONE_SHORT if gap == 1 else CERT_FAR_SHORT


def start_part_np(available: Any, start: Any) -> FloatArray:
    available, start = np.asarray(available, np.int64), np.asarray(start, np.int64)
    late = available - start
    passed = np.maximum(0.0, 1.0 - late / START_LATE_DAYS)
    return np.where(
        late > 0,
        passed,
        np.where(start - available <= START_WINDOW_DAYS, START_FITS, START_LATER),
    )


def start_part_py(available: int, start: int) -> float:
    late = available - start
    if late > 0:
        return max(0.0, 1.0 - late / START_LATE_DAYS)
    return START_FITS if start - available <= START_WINDOW_DAYS else START_LATER


def total_np(occ: Any, dist: Any, ger: Any, cert: Any, start: Any) -> IntArray:
    """The weighted sum as an integer key (NaN German part -> -1, excluded). Summed as
    (occupation + (German + certificate + start)) + distance: the parts that do not depend
    on the place first, so an index can tabulate them; total_py adds in the same order."""
    rest = W_GER * ger + W_CERT * cert + W_START * start
    total = W_OCC * occ + rest + W_DIST * dist
    quantised = np.rint(np.nan_to_num(total, nan=-1.0) * SCORE_SCALE)
    keys: IntArray = quantised.astype(np.int64)
    return keys


def total_py(occ: float, dist: float, ger: float, cert: float, start: float) -> int:
    rest = W_GER * ger + W_CERT * cert + W_START * start
    total = W_OCC * occ + rest + W_DIST * dist
    return round(total * SCORE_SCALE)
