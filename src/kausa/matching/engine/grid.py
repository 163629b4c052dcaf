"""The spatial grid of the fast ranker: active offers sorted by lat/lon cell."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import numpy as np

from kausa.matching.engine.geometry import chord_for_km
from kausa.matching.engine.offers import OfferArrays
from kausa.matching.engine.weights import (
    OCC_ANY,
    OCC_AREA,
    OCC_EXACT,
    OCC_GROUP,
    OCC_OTHER,
    FloatArray,
    IntArray,
)

GRID_CELL_DEG = 0.05  # grid cell height in degrees of latitude (~5.6 km)

# what a grid is made of (``Grid.state`` / ``Grid.restore``)
GRID_SCALARS = ("dlat", "dlon", "lat0", "lon0", "nrows", "ncols")
GRID_ARRAYS = (
    "rows",
    "cell_start",
    "x",
    "y",
    "z",
    "ids",
    "occ_values",
    "occ_kldb",
    "occ_group",
    "occ_area",
    "occ_code",
    "group",
    "rest_german",
    "rest_cert",
    "rest_start",
    "rest_code",
)


class Grid:
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

    def state(self) -> tuple[dict[str, float | int], dict[str, IntArray | FloatArray]]:
        """(scalars, arrays) that ``restore`` turns back into this grid (a stored index)."""
        return (
            {name: getattr(self, name) for name in GRID_SCALARS},
            {name: getattr(self, name) for name in GRID_ARRAYS},
        )

    @classmethod
    def restore(cls, scalars: dict[str, Any], arrays: dict[str, IntArray | FloatArray]) -> Grid:
        """The grid of ``state`` without computing anything (arrays may be read-only
        memory maps: a query only reads them)."""
        grid = object.__new__(cls)
        for name in GRID_SCALARS:
            setattr(grid, name, scalars[name])
        for name in GRID_ARRAYS:
            setattr(grid, name, arrays[name])
        return grid

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
