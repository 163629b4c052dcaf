"""The matching engine: offers as columns, hard filters, an explainable score, top-k.

No Django in here (pure Python + numpy/scipy), so it is tested without a database and
shared by the web workers, the batch analysis and the benchmark.

How a score is made (all weights in ``WEIGHTS``, every part in [0, 1])::

    score = 0.40 * occupation   exact occupation 1.0 > same KldB Berufsgruppe (3 digits) 0.6
                                > same Berufsbereich (1 digit) 0.25 > other 0.0;
                                no stated interest: 0.5 for every offer
          + 0.25 * distance     H² / (H² + d²), H = 15 km: 1.0 next door, 0.5 at 15 km,
                                0.2 at 30 km, 0.08 at 50 km
          + 0.15 * german       level meets the requirement (or none asked) 1.0; one CEFR
                                level short 0.6 "possible with Azubi-BSK"; two or more
                                levels short: excluded; level unknown 0.5
          + 0.10 * certificate  meets 1.0; one step short 0.4, more 0.1 (companies decide,
                                there is no legal minimum); foreign certificate without
                                recognition 0.5 and flagged "recognition advised";
                                unknown 0.5
          + 0.10 * start        starts within a year from the person's availability 1.0;
                                later 0.5; already started: 1 - days/120 (0 after 4 months)

Hard filters: the offer is open and has a free place, lies within the radius (straight-line
chord distance on the unit sphere, searched with a KD-tree), German gap below two levels,
optionally only some occupations or one KldB group.

Scores are compared as integers (``score * 10**6`` rounded), ties broken by the smaller
offer id, so the result is deterministic and the numpy path equals the plain Python loop
bit for bit: both use the same IEEE operations (+, *, /, sqrt) in the same order.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, NamedTuple

import numpy as np
from numpy.typing import NDArray
from scipy.spatial import cKDTree

EARTH_RADIUS_KM = 6371.0088

# The one place the weights live. They sum to 1, so a score is in [0, 1].
WEIGHTS: dict[str, float] = {
    "occupation": 0.40,
    "distance": 0.25,
    "german": 0.15,
    "certificate": 0.10,
    "start": 0.10,
}
W_OCC, W_DIST, W_GER, W_CERT, W_START = (
    WEIGHTS["occupation"],
    WEIGHTS["distance"],
    WEIGHTS["german"],
    WEIGHTS["certificate"],
    WEIGHTS["start"],
)
OCC_EXACT, OCC_GROUP, OCC_AREA, OCC_OTHER, OCC_ANY = 1.0, 0.6, 0.25, 0.0, 0.5
DIST_HALF_KM = 15.0
DIST_H2 = DIST_HALF_KM * DIST_HALF_KM
GER_MEETS, GER_BSK, GER_UNKNOWN = 1.0, 0.6, 0.5
CERT_MEETS, CERT_ONE_SHORT, CERT_FAR_SHORT, CERT_RECOGNITION, CERT_UNKNOWN = (
    1.0,
    0.4,
    0.1,
    0.5,
    0.5,
)
START_FITS, START_LATER, START_WINDOW_DAYS, START_LATE_DAYS = 1.0, 0.5, 365, 120.0
SCORE_SCALE = 1_000_000
# the most the three parts that do not depend on place or occupation can add
REST_MAX = W_GER + W_CERT + W_START

# CEFR levels in order (same order as kausa.reference.choices.GermanLevel)
GERMAN_LEVELS = ("none", "A1", "A2", "B1", "B2", "C1", "C2")
GERMAN_RANK = {level: rank for rank, level in enumerate(GERMAN_LEVELS)}
UNKNOWN = -1
# Required certificates (RequiredCertificate) and what a person has (SchoolCertificate).
REQUIRED_CERT_RANK = {"none": 0, "first": 1, "intermediate": 2, "fhr": 3, "abitur": 4}
CERT_NAMES = ("none", "first", "intermediate", "fhr", "abitur")
FOREIGN_UNRECOGNISED = 9  # a rank of its own: level unknown until recognised
PERSON_CERT_RANK = {
    "none": 0,
    "first": 1,
    "first_extended": 1,
    "intermediate": 2,
    "fhr": 3,
    "abitur": 4,
    # the model stores no level for a recognised foreign certificate; it counts as MSA
    "foreign_recognised": 2,
    "foreign_unrecognised": FOREIGN_UNRECOGNISED,
}
MAX_INTERESTS = 3

IntArray = NDArray[np.int64]
FloatArray = NDArray[np.float64]


# --- geometry -----------------------------------------------------------------------------


def unit_vectors(lat: Any, lon: Any) -> FloatArray:
    """(n, 3) unit vectors for latitudes/longitudes in degrees."""
    la = np.radians(np.asarray(lat, dtype=np.float64))
    lo = np.radians(np.asarray(lon, dtype=np.float64))
    cos_la = np.cos(la)
    return np.stack([cos_la * np.cos(lo), cos_la * np.sin(lo), np.sin(la)], axis=-1)


def chord_for_km(km: float) -> float:
    """The straight-line (chord) length on the unit sphere for a distance in km."""
    return km / EARTH_RADIUS_KM


def km_of_chord(chord: Any) -> Any:
    """Chord length on the unit sphere in km (through the earth: at 50 km it differs from
    the great-circle distance by under 1 m, so it is used for display as well)."""
    return chord * EARTH_RADIUS_KM


# --- the offers as columns ----------------------------------------------------------------


@dataclass
class OfferArrays:
    """Offers as columns, sorted by id (row order = tie-break order)."""

    ids: IntArray
    xyz: FloatArray  # (n, 3) unit vectors
    occupation: NDArray[np.int32]
    kldb: NDArray[np.int32]  # 5-digit KldB code as a number, e.g. 25212
    cert_rank: NDArray[np.int8]  # required certificate, REQUIRED_CERT_RANK
    german_rank: NDArray[np.int8]  # required German, GERMAN_RANK
    start: NDArray[np.int32]  # date.toordinal()
    free: NDArray[np.int16]  # free places
    open: NDArray[np.bool_]
    group: NDArray[np.int32] = field(init=False)  # KldB Berufsgruppe, 3 digits
    area: NDArray[np.int32] = field(init=False)  # KldB Berufsbereich, 1 digit

    def __post_init__(self) -> None:
        order = np.argsort(self.ids, kind="stable")
        if not np.array_equal(order, np.arange(len(self.ids))):
            for name in (
                "ids",
                "xyz",
                "occupation",
                "kldb",
                "cert_rank",
                "german_rank",
                "start",
                "free",
                "open",
            ):
                setattr(self, name, getattr(self, name)[order])
        self.xyz = np.ascontiguousarray(self.xyz, dtype=np.float64).reshape(-1, 3)
        self.group = (self.kldb // 100).astype(np.int32)
        self.area = (self.kldb // 10000).astype(np.int32)

    def __len__(self) -> int:
        return len(self.ids)

    @property
    def active(self) -> NDArray[np.bool_]:
        return self.open & (self.free > 0)

    @classmethod
    def from_rows(cls, rows: Iterable[Sequence[Any]]) -> OfferArrays:
        """Rows of (id, lat, lon, occupation id, kldb code, required certificate,
        required German, start ordinal, free places, is open)."""
        rows = list(rows)
        if not rows:
            return cls.empty()
        cols = list(zip(*rows, strict=True))
        return cls(
            ids=np.asarray(cols[0], dtype=np.int64),
            xyz=unit_vectors(cols[1], cols[2]),
            occupation=np.asarray(cols[3], dtype=np.int32),
            kldb=np.asarray([int(k) for k in cols[4]], dtype=np.int32),
            cert_rank=np.asarray([REQUIRED_CERT_RANK[c] for c in cols[5]], dtype=np.int8),
            german_rank=np.asarray([GERMAN_RANK[g] for g in cols[6]], dtype=np.int8),
            start=np.asarray(cols[7], dtype=np.int32),
            free=np.asarray(cols[8], dtype=np.int16),
            open=np.asarray(cols[9], dtype=np.bool_),
        )

    @classmethod
    def empty(cls) -> OfferArrays:
        return cls(
            ids=np.zeros(0, np.int64),
            xyz=np.zeros((0, 3)),
            occupation=np.zeros(0, np.int32),
            kldb=np.zeros(0, np.int32),
            cert_rank=np.zeros(0, np.int8),
            german_rank=np.zeros(0, np.int8),
            start=np.zeros(0, np.int32),
            free=np.zeros(0, np.int16),
            open=np.zeros(0, np.bool_),
        )

    def row(self, i: int) -> dict[str, Any]:
        """One offer as plain Python values (for the reference loop and explanations)."""
        return {
            "id": int(self.ids[i]),
            "x": float(self.xyz[i, 0]),
            "y": float(self.xyz[i, 1]),
            "z": float(self.xyz[i, 2]),
            "occupation": int(self.occupation[i]),
            "kldb": int(self.kldb[i]),
            "cert_rank": int(self.cert_rank[i]),
            "german_rank": int(self.german_rank[i]),
            "start": int(self.start[i]),
            "free": int(self.free[i]),
            "open": bool(self.open[i]),
        }


# --- who is looking -----------------------------------------------------------------------


@dataclass(frozen=True)
class Seeker:
    """A young person (or an anonymous visitor) looking for offers."""

    lat: float
    lon: float
    available_from: int  # date.toordinal()
    radius_km: float = 30.0
    interests: tuple[tuple[int, int], ...] = ()  # (occupation id, kldb code), at most 3
    german_rank: int = UNKNOWN  # GERMAN_RANK or UNKNOWN
    cert_rank: int = UNKNOWN  # PERSON_CERT_RANK or UNKNOWN
    only_occupations: frozenset[int] | None = None  # hard filter
    only_group: int | None = None  # hard filter: KldB Berufsgruppe (3 digits)

    def point(self) -> tuple[float, float, float]:
        x, y, z = unit_vectors([self.lat], [self.lon])[0]
        return float(x), float(y), float(z)


class Reason(NamedTuple):
    """A machine-readable reason: a code and its parameters (words come from the web layer).
    A named tuple: cheap to make, twenty of them per result list."""

    code: str
    params: dict[str, Any]


@dataclass(frozen=True)
class Match:
    offer_id: int
    score: float
    distance_km: float
    parts: dict[str, float]
    reasons: tuple[Reason, ...]
    row: int = -1  # row in OfferArrays (or PersonArrays for the reverse direction)


# --- the score parts, vectorised (numpy) and plain (Python) -------------------------------
# Each *_np function works on broadcastable arrays; each *_py twin on Python scalars and is
# written with the same operations in the same order.


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


# --- explanations -------------------------------------------------------------------------

OCC_CODES = {
    OCC_EXACT: "occupation_exact",
    OCC_GROUP: "occupation_group",
    OCC_AREA: "occupation_area",
    OCC_ANY: "occupation_any",
}


def explain_static(
    occupation: int,
    kldb_code: int,
    cert_need: int,
    german_need: int,
    start_day: int,
    seeker_like: dict[str, Any],
) -> tuple[float, float | None, float, float, tuple[Reason, Reason, Reason, Reason]]:
    """The parts that do not depend on the distance, with their reasons (occupation,
    German, certificate, start). Many results of one query share them, so they are cached
    per query by the callers."""
    occ = occupation_part_py(occupation, kldb_code, seeker_like["interests"])
    kldb = f"{kldb_code:05d}"
    occ_reason = Reason(
        OCC_CODES.get(occ, "occupation_other"), {"kldb_group": kldb[:3], "kldb_area": kldb[:1]}
    )

    have = seeker_like["german_rank"]
    ger = german_part_py(have, german_need)
    levels = {"have": GERMAN_LEVELS[have] if have >= 0 else "", "need": GERMAN_LEVELS[german_need]}
    if german_need == 0:
        ger_reason = Reason("german_no_requirement", levels)
    elif have == UNKNOWN:
        ger_reason = Reason("german_check", levels)
    elif ger == GER_MEETS:
        ger_reason = Reason("german_meets", levels)
    else:
        ger_reason = Reason("german_bsk", levels)

    c_have = seeker_like["cert_rank"]
    cert = certificate_part_py(c_have, cert_need)
    names = {"need": CERT_NAMES[cert_need]}
    if cert_need == 0:
        cert_reason = Reason("certificate_no_requirement", names)
    elif c_have == UNKNOWN:
        cert_reason = Reason("certificate_check", names)
    elif c_have == FOREIGN_UNRECOGNISED:
        cert_reason = Reason("certificate_recognition_advised", names)
    elif cert == CERT_MEETS:
        cert_reason = Reason("certificate_meets", names)
    else:
        cert_reason = Reason("certificate_below", names)

    available = seeker_like["available_from"]
    start = start_part_py(available, start_day)
    if available > start_day:
        start_reason = Reason("start_passed", {"start": start_day, "days": available - start_day})
    elif start == START_FITS:
        start_reason = Reason("start_fits", {"start": start_day})
    else:
        start_reason = Reason("start_later", {"start": start_day})
    return occ, ger, cert, start, (occ_reason, ger_reason, cert_reason, start_reason)


def _compose(
    static: tuple[float, float | None, float, float, tuple[Reason, Reason, Reason, Reason]],
    chord: float,
) -> tuple[dict[str, float], tuple[Reason, ...]]:
    occ, ger, cert, start, (r_occ, r_ger, r_cert, r_start) = static
    km = chord * EARTH_RADIUS_KM
    parts = {
        "occupation": occ,
        "distance": distance_part_py(chord),
        "german": ger if ger is not None else 0.0,
        "certificate": cert,
        "start": start,
    }
    return parts, (r_occ, Reason("distance", {"km": round(km, 1)}), r_ger, r_cert, r_start)


def explain(
    offer: dict[str, Any], seeker_like: dict[str, Any], chord: float
) -> tuple[dict[str, float], tuple[Reason, ...]]:
    """Parts and reasons for one pair. ``seeker_like`` has interests, german_rank, cert_rank,
    available_from; ``offer`` is OfferArrays.row() (or the same keys)."""
    static = explain_static(
        offer["occupation"],
        offer["kldb"],
        offer["cert_rank"],
        offer["german_rank"],
        offer["start"],
        seeker_like,
    )
    return _compose(static, float(chord))


def _seeker_dict(seeker: Seeker) -> dict[str, Any]:
    return {
        "interests": seeker.interests,
        "german_rank": seeker.german_rank,
        "cert_rank": seeker.cert_rank,
        "available_from": seeker.available_from,
    }


# --- the fast ranker ----------------------------------------------------------------------


GRID_CELL_DEG = 0.05  # grid cell height in degrees of latitude (~5.6 km)


class _Grid:
    """The active offers sorted by a lat/lon grid cell (row-major), with the columns the
    score needs copied in that order, so the offers inside a query box are one contiguous
    slice per grid row: a radius query touches ~(2r)^2 of the map, never every row.

    Static score inputs are small codes (occupation, start date) so a query scores them
    through tables of a few hundred entries computed once per query."""

    def __init__(self, arrays: OfferArrays, rows: IntArray) -> None:
        xyz = arrays.xyz[rows]
        lat = np.degrees(np.arcsin(np.clip(xyz[:, 2], -1.0, 1.0)))
        lon = np.degrees(np.arctan2(xyz[:, 1], xyz[:, 0]))
        self.dlat = GRID_CELL_DEG
        mid = float(np.median(lat)) if len(lat) else 0.0
        self.dlon = GRID_CELL_DEG / max(0.2, math.cos(math.radians(mid)))
        self.lat0 = float(lat.min()) if len(lat) else 0.0
        self.lon0 = float(lon.min()) if len(lon) else 0.0
        cell_r = ((lat - self.lat0) / self.dlat).astype(np.int64)
        cell_c = ((lon - self.lon0) / self.dlon).astype(np.int64)
        self.nrows = int(cell_r.max(initial=0)) + 1
        self.ncols = int(cell_c.max(initial=0)) + 1
        cell = cell_r * self.ncols + cell_c
        order = np.argsort(cell, kind="stable")
        self.rows = rows[order]  # grid position -> row in OfferArrays
        self.cell_start = np.searchsorted(cell[order], np.arange(self.nrows * self.ncols + 1))
        self.x = np.ascontiguousarray(xyz[order, 0])
        self.y = np.ascontiguousarray(xyz[order, 1])
        self.z = np.ascontiguousarray(xyz[order, 2])
        self.ids = arrays.ids[self.rows]
        # distinct (occupation, KldB code) pairs: the occupation part is one table lookup
        pairs = arrays.occupation[self.rows].astype(np.int64) * 100_000 + arrays.kldb[self.rows]
        pair_values, occ_code = np.unique(pairs, return_inverse=True)
        self.occ_values = pair_values // 100_000
        self.occ_kldb = pair_values % 100_000
        self.occ_group = self.occ_kldb // 100
        self.occ_area = self.occ_kldb // 10000
        self.occ_code = occ_code.reshape(-1).astype(np.int32)
        self.group = arrays.group[self.rows]
        # distinct (German, certificate, start) requirements: one code, three small tables
        rest = (
            arrays.german_rank[self.rows].astype(np.int64) * 10 + arrays.cert_rank[self.rows]
        ) * 10_000_000 + arrays.start[self.rows]
        rest_values, rest_code = np.unique(rest, return_inverse=True)
        self.rest_german = rest_values // 100_000_000
        self.rest_cert = rest_values // 10_000_000 % 10
        self.rest_start = rest_values % 10_000_000
        self.rest_code = rest_code.reshape(-1).astype(np.int32)

    def occupation_table(self, interests: Sequence[tuple[int, int]]) -> FloatArray:
        """The occupation part for each distinct (occupation, KldB) pair of the grid: the
        best fit over the interests is exact if any interest is exact, else group, ..."""
        interests = [(o, k) for o, k in interests if o >= 0]
        if not interests:
            return np.full(len(self.occ_values), OCC_ANY)
        wanted = np.asarray(interests, np.int64)
        exact = (self.occ_values[:, None] == wanted[None, :, 0]).any(axis=1)
        group = (self.occ_group[:, None] == wanted[None, :, 1] // 100).any(axis=1)
        area = (self.occ_area[:, None] == wanted[None, :, 1] // 10000).any(axis=1)
        table = np.where(area, OCC_AREA, OCC_OTHER)
        table[group] = OCC_GROUP
        table[exact] = OCC_EXACT
        return table

    def _columns(
        self, lat: float, lon: float, theta: float, grid_rows: IntArray
    ) -> tuple[IntArray, IntArray]:
        """First and last grid column per grid row that the circle (angular radius theta
        around lat/lon) can reach. A small circle is widest at the latitude phi* with
        sin(phi*) = sin(lat) / cos(theta); a band not containing phi* is widest at its edge
        nearest to phi*, where cos(dlon) = (cos(theta) - sin(lat) sin(e)) / (cos(lat) cos(e))."""
        phi0 = math.radians(lat)
        widest = math.asin(max(-1.0, min(1.0, math.sin(phi0) / math.cos(theta))))
        lo_edge = np.radians(self.lat0 + grid_rows * self.dlat)
        hi_edge = np.radians(self.lat0 + (grid_rows + 1) * self.dlat)
        edge = np.clip(widest, lo_edge, hi_edge)
        cos_dlon = (math.cos(theta) - math.sin(phi0) * np.sin(edge)) / (
            math.cos(phi0) * np.cos(edge)
        )
        half = np.degrees(np.arccos(np.clip(cos_dlon, -1.0, 1.0))) + 1e-7
        if lon - half.max() < -180.0 or lon + half.max() > 180.0:
            return np.zeros(len(grid_rows), np.int64), np.full(len(grid_rows), self.ncols - 1)
        c0 = np.floor((lon - half - self.lon0) / self.dlon).astype(np.int64)
        c1 = np.floor((lon + half - self.lon0) / self.dlon).astype(np.int64)
        return np.clip(c0, 0, self.ncols), np.clip(c1, -1, self.ncols - 1)

    def box(self, point: tuple[float, float, float], radius_km: float) -> IntArray:
        """Grid positions of every offer within the radius (and some more, never fewer)."""
        px, py, pz = point
        theta = 2.0 * math.asin(min(1.0, chord_for_km(radius_km) * (1 + 1e-9) / 2.0)) + 1e-9
        lat = math.degrees(math.asin(max(-1.0, min(1.0, pz))))
        lon = math.degrees(math.atan2(py, px))
        half_lat = math.degrees(theta)
        r0 = max(0, math.floor((lat - half_lat - self.lat0) / self.dlat))
        r1 = min(self.nrows - 1, math.floor((lat + half_lat - self.lat0) / self.dlat))
        if r1 < r0:
            return np.zeros(0, np.int64)
        pole = abs(lat) + half_lat
        base = np.arange(r0, r1 + 1)
        if pole >= 89.0:
            c0 = np.zeros(len(base), np.int64)
            c1 = np.full(len(base), self.ncols - 1)
        else:
            c0, c1 = self._columns(lat, lon, theta, base)
        starts = self.cell_start[base * self.ncols + c0]
        ends = np.where(c1 >= c0, self.cell_start[base * self.ncols + c1 + 1], starts)
        lengths = ends - starts
        total = int(lengths.sum())
        if total == 0:
            return np.zeros(0, np.int64)
        # concatenated ranges without a Python loop
        shift = starts - np.concatenate(([0], np.cumsum(lengths)[:-1]))
        return np.repeat(shift, lengths) + np.arange(total)


class OfferIndex:
    """OfferArrays plus a spatial grid (default) and a KD-tree over the active offers."""

    def __init__(self, arrays: OfferArrays, *, version: object = None) -> None:
        self.arrays = arrays
        self.version = version
        self.active_rows = np.flatnonzero(arrays.active)
        self._tree: cKDTree | None = None
        self._grid: _Grid | None = None
        # incremental refresh: rows replaced or withdrawn since the build, and a small index
        # of the offers changed or added since (see patch())
        self.retired: NDArray[np.bool_] | None = None
        self._retired_grid: NDArray[np.bool_] | None = None
        self.delta: OfferIndex | None = None
        self._current: OfferArrays | None = None

    def patch(self, changed_ids: Iterable[int], delta: OfferArrays) -> None:
        """Retire the rows of ``changed_ids`` (changed, withdrawn or deleted offers) and
        search ``delta`` (their current versions and new offers) next to the big arrays:
        no rebuild of the grid of a million rows for a handful of changes."""
        ids = np.fromiter(changed_ids, np.int64)
        pos = np.searchsorted(self.arrays.ids, ids)
        inside = pos < len(self.arrays.ids)
        pos, ids = pos[inside], ids[inside]
        hit = pos[self.arrays.ids[pos] == ids]
        if self.retired is None:
            self.retired = np.zeros(len(self.arrays), np.bool_)
        self.retired[hit] = True
        self._retired_grid = None
        self.delta = OfferIndex(delta) if len(delta) else None
        self._current = None

    @property
    def patched_rows(self) -> int:
        retired = int(self.retired.sum()) if self.retired is not None else 0
        return retired + (len(self.delta.arrays) if self.delta is not None else 0)

    def current_arrays(self) -> OfferArrays:
        """The offers as they are now (big arrays minus retired rows plus the delta)."""
        if self.retired is None and self.delta is None:
            return self.arrays
        if self._current is None:
            keep = ~self.retired if self.retired is not None else np.ones(len(self), np.bool_)
            parts, masks = [self.arrays], [keep]
            if self.delta is not None:
                parts.append(self.delta.arrays)
                masks.append(np.ones(len(self.delta.arrays), np.bool_))
            columns = {}
            for name in (
                "ids",
                "xyz",
                "occupation",
                "kldb",
                "cert_rank",
                "german_rank",
                "start",
                "free",
                "open",
            ):
                columns[name] = np.concatenate(
                    [getattr(a, name)[m] for a, m in zip(parts, masks, strict=True)]
                )
            self._current = OfferArrays(**columns)
        return self._current

    @property
    def tree(self) -> cKDTree:
        if self._tree is None:
            self._tree = cKDTree(self.arrays.xyz[self.active_rows])
        return self._tree

    @property
    def grid(self) -> _Grid:
        if self._grid is None:
            self._grid = _Grid(self.arrays, self.active_rows)
        return self._grid

    def __len__(self) -> int:
        return len(self.arrays)

    # candidates -------------------------------------------------------------------------

    def candidates_kdtree(self, point: tuple[float, float, float], radius_km: float) -> IntArray:
        if not len(self.active_rows):
            return np.zeros(0, np.int64)
        found = self.tree.query_ball_point(point, chord_for_km(radius_km) * (1 + 1e-9))
        return self.active_rows[np.sort(np.asarray(found, dtype=np.int64))]

    def candidates_scan(self, point: tuple[float, float, float], radius_km: float) -> IntArray:
        """Full scan: one pass over the coordinates (cos of the angle >= threshold)."""
        theta = 2.0 * math.asin(min(1.0, chord_for_km(radius_km) / 2.0))
        near = self.arrays.xyz @ np.asarray(point) >= math.cos(theta) - 1e-12
        return np.flatnonzero(near & self.arrays.active)

    # ranking ----------------------------------------------------------------------------

    def rank(
        self,
        seeker: Seeker,
        *,
        k: int = 20,
        method: str = "grid",
        point: tuple[float, float, float] | None = None,
    ) -> list[Match]:
        """The k best offers for the seeker (``point`` overrides the seeker's lat/lon)."""
        return self.rank_count(seeker, k=k, method=method, point=point)[0]

    def rank_count(
        self,
        seeker: Seeker,
        *,
        k: int = 20,
        method: str = "grid",
        point: tuple[float, float, float] | None = None,
    ) -> tuple[list[Match], int]:
        """The k best offers and how many pass the hard filters, in one pass."""
        point = point or seeker.point()
        rows, chord, keys, ties = self._scored(seeker, point, method)
        if self.delta is None:
            top = top_k(keys, ties, k)
            return self._matches(seeker, rows[top], chord[top], keys[top]), len(keys)
        d_rows, d_chord, d_keys, d_ids = self.delta._scored(seeker, point, method)
        if method != "grid":
            ties, d_ids = self.arrays.ids[rows], self.delta.arrays.ids[d_rows]
        top = top_k(np.concatenate([keys, d_keys]), np.concatenate([ties, d_ids]), k)
        base, fresh = top[top < len(keys)], top[top >= len(keys)] - len(keys)
        by_id = {
            m.offer_id: m
            for m in self._matches(seeker, rows[base], chord[base], keys[base])
            + self.delta._matches(seeker, d_rows[fresh], d_chord[fresh], d_keys[fresh])
        }
        order = np.concatenate([ties, d_ids])[top]
        return [by_id[int(i)] for i in order], len(keys) + len(d_keys)

    def _scored(
        self, seeker: Seeker, point: tuple[float, float, float], method: str
    ) -> tuple[IntArray, FloatArray, IntArray, IntArray]:
        """(rows, chord, keys, tie-break) of the offers passing the hard filters; the
        tie-break is the offer id (grid) or the id-ordered row (scan, KD-tree)."""
        if method == "grid":
            return self.score_grid(seeker, point)
        if method == "kdtree":
            rows = self.candidates_kdtree(point, seeker.radius_km)
        else:
            rows = self.candidates_scan(point, seeker.radius_km)
        if self.retired is not None:
            rows = rows[~self.retired[rows]]
        rows, chord, keys = self.score_rows(seeker, point, rows)
        return rows, chord, keys, rows  # OfferArrays rows are in id order

    def count(self, seeker: Seeker) -> int:
        """How many offers pass the hard filters (for paging)."""
        return self.rank_count(seeker, k=0)[1]

    def score_grid(
        self, seeker: Seeker, point: tuple[float, float, float]
    ) -> tuple[IntArray, FloatArray, IntArray, IntArray]:
        """(OfferArrays rows, chord, score keys, offer ids) of the offers passing the hard
        filters, from the grid: one contiguous slice per grid row, the chord test first,
        then the score through per-query tables on the survivors only."""
        g = self.grid
        pos = g.box(point, seeker.radius_km)
        px, py, pz = point
        # in place: the temporaries are large enough that fresh allocations cost page faults
        chord = g.x.take(pos)
        chord -= px
        chord *= chord
        tmp = g.y.take(pos)
        tmp -= py
        tmp *= tmp
        chord += tmp
        g.z.take(pos, out=tmp)
        tmp -= pz
        tmp *= tmp
        chord += tmp
        np.sqrt(chord, out=chord)
        keep = chord <= chord_for_km(seeker.radius_km)
        if self.retired is not None:
            if self._retired_grid is None:
                self._retired_grid = self.retired[g.rows]
            keep &= ~self._retired_grid.take(pos)
        pos, chord = pos[keep], chord[keep]
        # per-query tables over the few distinct occupations / requirements
        occ_t = W_OCC * g.occupation_table(seeker.interests)
        ger_part = german_part_np(seeker.german_rank, g.rest_german)
        rest_t = (
            W_GER * ger_part
            + W_CERT * certificate_part_np(seeker.cert_rank, g.rest_cert)
            + W_START * start_part_np(seeker.available_from, g.rest_start)
        )
        occ_code = g.occ_code.take(pos)
        rest_code = g.rest_code.take(pos)
        keep = ~np.isnan(ger_part).take(rest_code)
        if seeker.only_occupations is not None:
            allowed = np.isin(g.occ_values, np.fromiter(seeker.only_occupations, np.int64))
            keep &= allowed.take(occ_code)
        if seeker.only_group is not None:
            keep &= g.group.take(pos) == seeker.only_group
        if not keep.all():
            pos, chord = pos[keep], chord[keep]
            occ_code, rest_code = occ_code[keep], rest_code[keep]
        # the same operations in the same order as total_np / total_py
        dist = chord * EARTH_RADIUS_KM
        dist *= dist
        dist += DIST_H2
        np.divide(DIST_H2, dist, out=dist)
        dist *= W_DIST
        total = occ_t.take(occ_code)
        total += rest_t.take(rest_code)
        total += dist
        total *= SCORE_SCALE
        np.rint(total, out=total)
        keys = total.astype(np.int64)
        return g.rows.take(pos), chord, keys, g.ids.take(pos)

    def score_rows(
        self, seeker: Seeker, point: tuple[float, float, float], rows: IntArray
    ) -> tuple[IntArray, FloatArray, IntArray]:
        """Exact chord, hard filters and integer score keys for candidate rows (compacted)."""
        a = self.arrays
        px, py, pz = point
        xyz = a.xyz[rows]
        dx, dy, dz = xyz[:, 0] - px, xyz[:, 1] - py, xyz[:, 2] - pz
        chord = np.sqrt(dx * dx + dy * dy + dz * dz)
        keep = chord <= chord_for_km(seeker.radius_km)
        if seeker.only_occupations is not None:
            keep &= np.isin(a.occupation[rows], np.fromiter(seeker.only_occupations, np.int64))
        if seeker.only_group is not None:
            keep &= a.group[rows] == seeker.only_group
        rows, chord = rows[keep], chord[keep]
        occ = occupation_part_np(
            a.occupation[rows],
            a.kldb[rows],
            [i[0] for i in seeker.interests],
            [i[1] for i in seeker.interests],
        )
        keys = total_np(
            occ,
            distance_part_np(chord),
            german_part_np(seeker.german_rank, a.german_rank[rows].astype(np.int64)),
            certificate_part_np(seeker.cert_rank, a.cert_rank[rows].astype(np.int64)),
            start_part_np(seeker.available_from, a.start[rows]),
        )
        valid = keys >= 0
        return rows[valid], chord[valid], keys[valid]

    def _matches(
        self, seeker: Seeker, rows: IntArray, chords: FloatArray, keys: IntArray
    ) -> list[Match]:
        """Matches with parts and reasons for the chosen rows (columns read once)."""
        a = self.arrays
        who = _seeker_dict(seeker)
        columns = zip(
            rows.tolist(),
            a.ids[rows].tolist(),
            a.occupation[rows].tolist(),
            a.kldb[rows].tolist(),
            a.cert_rank[rows].tolist(),
            a.german_rank[rows].tolist(),
            a.start[rows].tolist(),
            chords.tolist(),
            keys.tolist(),
            strict=True,
        )
        matches = []
        cache: dict[tuple[int, ...], Any] = {}
        for row, oid, occ, kldb, cert, german, start, chord, key in columns:
            static = cache.get((occ, kldb, cert, german, start))
            if static is None:
                static = explain_static(occ, kldb, cert, german, start, who)
                cache[(occ, kldb, cert, german, start)] = static
            parts, reasons = _compose(static, chord)
            matches.append(
                Match(
                    offer_id=oid,
                    score=key / SCORE_SCALE,
                    distance_km=round(chord * EARTH_RADIUS_KM, 1),
                    parts=parts,
                    reasons=reasons,
                    row=row,
                )
            )
        return matches


def top_k(keys: IntArray, rows: IntArray, k: int) -> IntArray:
    """Positions of the k best (key descending, then ``rows`` ascending: offer ids, or rows
    of an id-ordered array).

    argpartition on the already compacted candidates, then an exact sort of the few left;
    entries tied with the k-th key are all kept before the final sort so ties resolve by id.
    """
    n = len(keys)
    if n == 0 or k <= 0:
        return np.zeros(0, np.int64)
    if n > k:
        if n > 64 * k:
            # the k-th largest of every 16th key is at most the true k-th largest: a cheap
            # threshold that leaves a few hundred keys to partition
            sample = keys[::16]
            low = np.partition(sample, len(sample) - k)[len(sample) - k]
            above = np.flatnonzero(keys >= low)
            kth = np.partition(keys[above], len(above) - k)[len(above) - k]
        else:
            kth = np.partition(keys, n - k)[n - k]  # the k-th largest key
        pool = np.flatnonzero(keys >= kth)  # includes every tie of the k-th key
    else:
        pool = np.arange(n)
    order = np.lexsort((rows[pool], -keys[pool]))
    return pool[order[:k]]


# --- the plain reference ranker (pure Python, for tests and the benchmark) ----------------


def rank_plain(
    offers: Sequence[dict[str, Any]],
    seeker: Seeker,
    *,
    k: int = 20,
    point: tuple[float, float, float] | None = None,
) -> list[tuple[int, int, float]]:
    """A straightforward loop over every offer: (offer id, score key, chord), best first."""
    px, py, pz = point or seeker.point()
    max_chord = chord_for_km(seeker.radius_km)
    scored = []
    for o in offers:
        if not o["open"] or o["free"] <= 0:
            continue
        dx, dy, dz = o["x"] - px, o["y"] - py, o["z"] - pz
        chord = math.sqrt(dx * dx + dy * dy + dz * dz)
        if chord > max_chord:
            continue
        if seeker.only_occupations is not None and o["occupation"] not in seeker.only_occupations:
            continue
        if seeker.only_group is not None and o["kldb"] // 100 != seeker.only_group:
            continue
        ger = german_part_py(seeker.german_rank, o["german_rank"])
        if ger is None:
            continue
        key = total_py(
            occupation_part_py(o["occupation"], o["kldb"], seeker.interests),
            distance_part_py(chord),
            ger,
            certificate_part_py(seeker.cert_rank, o["cert_rank"]),
            start_part_py(seeker.available_from, o["start"]),
        )
        scored.append((-key, o["id"], chord))
    scored.sort()
    return [(oid, -neg, chord) for neg, oid, chord in scored[:k]]


# --- the reverse direction: one offer, ranked young people --------------------------------


@dataclass
class PersonArrays:
    """Young people as columns (one organisation's, built by the Django layer)."""

    ids: IntArray
    xyz: FloatArray  # NaN rows for people without a postal code
    interest_occ: NDArray[np.int32]  # (n, MAX_INTERESTS), -1 padding
    interest_kldb: NDArray[np.int32]
    german_rank: NDArray[np.int8]
    cert_rank: NDArray[np.int8]
    available_from: NDArray[np.int32]

    @classmethod
    def from_rows(cls, rows: Iterable[Sequence[Any]]) -> PersonArrays:
        """Rows of (id, lat | None, lon | None, [(occupation id, kldb), ...], german level,
        certificate, available-from ordinal)."""
        rows = sorted(rows, key=lambda r: r[0])  # row order = tie-break order
        n = len(rows)
        occ = np.full((n, MAX_INTERESTS), -1, np.int32)
        kldb = np.full((n, MAX_INTERESTS), -1, np.int32)
        lat = np.full(n, np.nan)
        lon = np.full(n, np.nan)
        for i, row in enumerate(rows):
            if row[1] is not None:
                lat[i], lon[i] = row[1], row[2]
            for j, (o, k) in enumerate(sorted(row[3])[:MAX_INTERESTS]):
                occ[i, j], kldb[i, j] = o, int(k)
        return cls(
            ids=np.asarray([r[0] for r in rows], dtype=np.int64),
            xyz=unit_vectors(lat, lon).reshape(-1, 3),
            interest_occ=occ,
            interest_kldb=kldb,
            german_rank=np.asarray([GERMAN_RANK.get(r[4], UNKNOWN) for r in rows], np.int8),
            cert_rank=np.asarray([PERSON_CERT_RANK.get(r[5], UNKNOWN) for r in rows], np.int8),
            available_from=np.asarray([r[6] for r in rows], np.int32),
        )

    def seeker_dict(self, i: int) -> dict[str, Any]:
        interests = tuple(
            (int(o), int(k))
            for o, k in zip(self.interest_occ[i], self.interest_kldb[i], strict=True)
            if o >= 0
        )
        return {
            "interests": interests,
            "german_rank": int(self.german_rank[i]),
            "cert_rank": int(self.cert_rank[i]),
            "available_from": int(self.available_from[i]),
        }


def rank_people(
    people: PersonArrays, offer: dict[str, Any], *, radius_km: float = 50.0, k: int = 20
) -> list[Match]:
    """The best young people for one offer (same score, seen from the offer's side)."""
    if not len(people.ids):
        return []
    point = np.array([offer["x"], offer["y"], offer["z"]])
    d = people.xyz - point
    chord = np.sqrt(d[:, 0] * d[:, 0] + d[:, 1] * d[:, 1] + d[:, 2] * d[:, 2])
    keep = np.flatnonzero(np.nan_to_num(chord, nan=np.inf) <= chord_for_km(radius_km))
    chord = chord[keep]
    occ = occupation_part_np(
        offer["occupation"],
        offer["kldb"],
        [people.interest_occ[keep, j] for j in range(MAX_INTERESTS)],
        [people.interest_kldb[keep, j] for j in range(MAX_INTERESTS)],
    )
    keys = total_np(
        occ,
        distance_part_np(chord),
        german_part_np(people.german_rank[keep].astype(np.int64), offer["german_rank"]),
        certificate_part_np(people.cert_rank[keep].astype(np.int64), offer["cert_rank"]),
        start_part_np(people.available_from[keep], offer["start"]),
    )
    valid = keys >= 0
    keep, chord, keys = keep[valid], chord[valid], keys[valid]
    top = top_k(keys, keep, k)
    results = []
    for i in top:
        row = int(keep[i])
        parts, reasons = explain(offer, people.seeker_dict(row), float(chord[i]))
        results.append(
            Match(
                offer_id=int(offer["id"]),
                score=int(keys[i]) / SCORE_SCALE,
                distance_km=round(float(km_of_chord(chord[i])), 1),
                parts=parts,
                reasons=reasons,
                row=row,
            )
        )
    return results
