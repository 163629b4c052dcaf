"""The fast ranker: OfferIndex (grid, KD-tree or scan; incremental patches) and top-k."""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import Any

import numpy as np
from numpy.typing import NDArray
from scipy.spatial import cKDTree

from kausa.matching.engine.explanations import compose, explain_static, seeker_dict
from kausa.matching.engine.geometry import chord_for_km
from kausa.matching.engine.grid import Grid
from kausa.matching.engine.offers import COLUMNS, OfferArrays
from kausa.matching.engine.parts import (
    certificate_part_np,
    distance_part_np,
    german_part_np,
    occupation_part_np,
    start_part_np,
    total_np,
)
from kausa.matching.engine.seeker import Match, Seeker
from kausa.matching.engine.weights import (
    DIST_H2,
    EARTH_RADIUS_KM,
    SCORE_SCALE,
    W_CERT,
    W_DIST,
    W_GER,
    W_OCC,
    W_START,
    FloatArray,
    IntArray,
)

ORDERS = ("score", "distance", "start")


def metres(chord: FloatArray) -> IntArray:
    """Straight-line distances in whole metres (as the order "distance" compares them)."""
    return np.rint(chord * EARTH_RADIUS_KM * 1000.0).astype(np.int64)


class OfferIndex:
    """OfferArrays plus a spatial grid (default) and a KD-tree over the active offers."""

    def __init__(self, arrays: OfferArrays, *, version: object = None) -> None:
        self.arrays = arrays
        self.version = version
        self.active_rows = np.flatnonzero(arrays.active)
        self._tree: cKDTree | None = None
        self._grid: Grid | None = None
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
            for name in COLUMNS:
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
    def grid(self) -> Grid:
        if self._grid is None:
            self._grid = Grid(self.arrays, self.active_rows)
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
        order: str = "score",
    ) -> list[Match]:
        """The k best offers for the seeker (``point`` overrides the seeker's lat/lon)."""
        return self.rank_count(seeker, k=k, method=method, point=point, order=order)[0]

    def rank_count(
        self,
        seeker: Seeker,
        *,
        k: int = 20,
        method: str = "grid",
        point: tuple[float, float, float] | None = None,
        order: str = "score",
    ) -> tuple[list[Match], int]:
        """The k first offers and how many pass the hard filters, in one pass. ``order``
        (ORDERS): best score first (default), nearest first or earliest start first; ties
        by score, then by offer id. Every offer in the radius is ordered, so pages agree."""
        if order not in ORDERS:
            raise ValueError(f"order must be one of {', '.join(ORDERS)}, not {order!r}")
        point = point or seeker.point()
        rows, chord, keys, ties, sort = self._narrowed(
            seeker, order, *self._scored(seeker, point, method)
        )
        if self.delta is None:
            top = top_k(sort, ties, k)
            return self._matches(seeker, rows[top], chord[top], keys[top]), len(keys)
        d_rows, d_chord, d_keys, d_ids, d_sort = self.delta._narrowed(
            seeker, order, *self.delta._scored(seeker, point, method)
        )
        if method != "grid":
            ties, d_ids = self.arrays.ids[rows], self.delta.arrays.ids[d_rows]
        top = top_k(np.concatenate([sort, d_sort]), np.concatenate([ties, d_ids]), k)
        base, fresh = top[top < len(keys)], top[top >= len(keys)] - len(keys)
        by_id = {
            m.offer_id: m
            for m in self._matches(seeker, rows[base], chord[base], keys[base])
            + self.delta._matches(seeker, d_rows[fresh], d_chord[fresh], d_keys[fresh])
        }
        order_ids = np.concatenate([ties, d_ids])[top]
        return [by_id[int(i)] for i in order_ids], len(keys) + len(d_keys)

    def _narrowed(
        self,
        seeker: Seeker,
        order: str,
        rows: IntArray,
        chord: FloatArray,
        keys: IntArray,
        ties: IntArray,
    ) -> tuple[IntArray, FloatArray, IntArray, IntArray, IntArray]:
        """The scored offers within the seeker's start dates, and the keys to order them by
        (larger first): the score keys themselves by default (nothing is computed), else
        -metres or -start day, times (SCORE_SCALE + 1), plus the score key."""
        if seeker.start_from is None and seeker.start_until is None and order == "score":
            return rows, chord, keys, ties, keys
        start = self.arrays.start[rows]
        if seeker.start_from is not None or seeker.start_until is not None:
            keep = np.ones(len(rows), np.bool_)
            if seeker.start_from is not None:
                keep &= start >= seeker.start_from
            if seeker.start_until is not None:
                keep &= start <= seeker.start_until
            rows, chord, keys, ties, start = (
                rows[keep],
                chord[keep],
                keys[keep],
                ties[keep],
                start[keep],
            )
        if order == "score":
            return rows, chord, keys, ties, keys
        first = metres(chord) if order == "distance" else start.astype(np.int64)
        return rows, chord, keys, ties, keys - first * (SCORE_SCALE + 1)

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
        who = seeker_dict(seeker)
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
            parts, reasons = compose(static, chord)
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
