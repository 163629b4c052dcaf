"""Many people against many offers at once (no Django): the mismatch analysis and the
national batch (every young person's top k).

Mismatch rule: an offer is *suitable* for a person when it is active, within the radius,
the German gap is below two levels (the engine's hard filters) and the occupation fits at
least at the level of the KldB Berufsgruppe (a person without a stated interest accepts
any occupation).

National top k: exact, without enumerating all pairs. Per person the candidates are the
K nearest offers of each interest's occupation, KldB group and Berufsbereich and the K
nearest offers overall (KD-trees per occupation / group / area, queried in bulk for the
distinct places people live at). A bound on what any unseen offer could still score proves
the top k; a person whose bound does not clear the k-th score falls back to the exact
per-person ranker (counted and reported).
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from itertools import chain
from typing import Any, cast

import numpy as np
from numpy.typing import NDArray
from scipy.spatial import cKDTree

from kausa.matching import engine
from kausa.matching.engine import MAX_INTERESTS, OfferArrays, PersonArrays, Seeker

# --- mismatch ---------------------------------------------------------------------------


def _suitable_block(
    offers: OfferArrays, rows: NDArray[np.int64], people: PersonArrays, max_chord: float
) -> NDArray[np.bool_]:
    """(len(rows), n_people) matrix: is offer row r suitable for person p."""
    d = offers.xyz[rows][:, None, :] - people.xyz[None, :, :]
    chord = np.sqrt((d * d).sum(axis=2))
    near = np.nan_to_num(chord, nan=np.inf) <= max_chord
    occ = engine.occupation_part_np(
        offers.occupation[rows][:, None],
        offers.kldb[rows][:, None],
        [people.interest_occ[None, :, j] for j in range(MAX_INTERESTS)],
        [people.interest_kldb[None, :, j] for j in range(MAX_INTERESTS)],
    )
    fits = (occ >= engine.OCC_GROUP) | (occ == engine.OCC_ANY)
    german = ~np.isnan(
        engine.german_part_np(
            people.german_rank[None, :].astype(np.int64),
            offers.german_rank[rows][:, None].astype(np.int64),
        )
    )
    return near & fits & german


def mismatch(
    offers: OfferArrays,
    people: PersonArrays,
    *,
    radius_km: float = 30.0,
    progress: Callable[[float], None] | None = None,
) -> tuple[NDArray[np.bool_], NDArray[np.bool_]]:
    """(person has a suitable offer, offer has a suitable person), exact: the same answer as
    ``mismatch_dense`` without looking at every pair.

    Whether an offer suits a person depends, besides the distance, only on the offer's KldB
    group and German requirement and on the person's interest groups and German level (an
    exact occupation match is also a group match: each occupation has one KldB code). So the
    offers are put into KD-trees per (group, German requirement) and the people into KD-trees
    per (interest group, German level), those without an interest per German level; each
    person asks the trees of the offer classes that suit them for the nearest point within
    the radius, each offer the trees of the people that suit it, and stops at the first
    class that has one. ``progress`` is called with the share done (0..1)."""
    person_ok = np.zeros(len(people.ids), np.bool_)
    offer_ok = np.zeros(len(offers), np.bool_)
    active = np.flatnonzero(offers.active)
    if not len(active) or not len(people.ids):
        return person_ok, offer_ok
    if not _one_group_per_occupation(offers, people, active):
        return mismatch_dense(offers, people, radius_km=radius_km, progress=progress)
    # The scan keeps sqrt(sum(d * d)) <= max_chord. A KD-tree rounds its distances its own way
    # (and compares squares, which vanish for a radius of 0): it is asked with a bound a
    # little larger, and what it finds is decided by the scan's own formula.
    max_chord = engine.chord_for_km(radius_km)
    loose = max_chord * (1 + 1e-9) + 1e-12
    o_rows = active[np.isfinite(offers.xyz[active]).all(axis=1)]
    p_rows = np.flatnonzero(np.isfinite(people.xyz).all(axis=1))
    if not len(o_rows) or not len(p_rows):
        return person_ok, offer_ok

    o_classes = _classes(offers.group[o_rows], offers.german_rank[o_rows], o_rows)
    p_valid = people.interest_occ[p_rows] >= 0
    p_any = p_rows[~p_valid.any(axis=1)]
    # a person with two interests in one group is one point of that group's tree
    slot_person, slot_group = _unique_pairs(
        np.repeat(p_rows[:, None], MAX_INTERESTS, axis=1)[p_valid],
        (people.interest_kldb[p_rows] // 100)[p_valid],
    )
    p_classes = _classes(slot_group, people.german_rank[slot_person], slot_person)
    p_any_classes = _classes(np.zeros(len(p_any), np.int64), people.german_rank[p_any], p_any)
    o_by_need = _classes(np.zeros(len(o_rows), np.int64), offers.german_rank[o_rows], o_rows)

    needs = sorted({need for _group, need in o_classes})
    haves = sorted({have for _group, have in p_classes} | {have for _z, have in p_any_classes})
    suits = {
        (have, need): not np.isnan(engine.german_part_np(have, need))
        for have in haves
        for need in needs
    }
    trees: dict[tuple[str, int, int], cKDTree] = {}

    def tree(kind: str, key: tuple[int, int], rows: NDArray[np.int64], xyz: Any) -> cKDTree:
        found = trees.get((kind, *key))
        if found is None:
            found = trees[(kind, *key)] = cKDTree(xyz[rows])
        return found

    def mark(asking: NDArray[np.int64], ok: NDArray[np.bool_], xyz: Any, target: cKDTree) -> None:
        open_rows = asking[~ok[asking]]
        if not len(open_rows):
            return
        distance, nearest = target.query(
            xyz[open_rows], k=1, distance_upper_bound=loose, workers=_workers(open_rows)
        )
        found = np.isfinite(distance)
        rows, nearest = open_rows[found], nearest[found]
        within = _within(xyz[rows], target.data[nearest], max_chord)
        ok[rows[within]] = True
        # the nearest lies on the boundary and just outside by the scan's formula: another
        # point as near may lie just inside it
        for row in rows[~within]:
            near = target.data[target.query_ball_point(xyz[row], loose)]
            ok[row] = bool(_within(np.broadcast_to(xyz[row], near.shape), near, max_chord).any())

    steps = len(p_classes) + len(p_any_classes) + len(o_classes)
    done = 0

    def step() -> None:
        nonlocal done
        done += 1
        if progress is not None:
            progress(done / steps)

    # people: a suitable offer within reach?
    for (group, have), asking in p_classes.items():
        for need in needs:
            if suits[(have, need)] and (group, need) in o_classes:
                target = tree("offers", (group, need), o_classes[(group, need)], offers.xyz)
                mark(asking, person_ok, people.xyz, target)
        step()
    for (_zero, have), asking in p_any_classes.items():  # any occupation
        for need in needs:
            if suits[(have, need)]:
                target = tree("offers, any group", (0, need), o_by_need[(0, need)], offers.xyz)
                mark(asking, person_ok, people.xyz, target)
        step()
    # offers: a suitable person within reach?
    for (group, need), asking in o_classes.items():
        for have in haves:
            if not suits[(have, need)]:
                continue
            if (group, have) in p_classes:
                target = tree("people", (group, have), p_classes[(group, have)], people.xyz)
                mark(asking, offer_ok, offers.xyz, target)
            if (0, have) in p_any_classes:
                target = tree("people, any", (0, have), p_any_classes[(0, have)], people.xyz)
                mark(asking, offer_ok, offers.xyz, target)
        step()
    return person_ok, offer_ok


def _within(a: Any, b: Any, max_chord: float) -> NDArray[np.bool_]:
    """Row by row: is the chord from a to b within reach, computed as the scan computes it
    (_suitable_block: offer minus person, squared, summed, square root)."""
    d = b - a
    result: NDArray[np.bool_] = np.sqrt((d * d).sum(axis=1)) <= max_chord
    return result


def _workers(rows: NDArray[Any]) -> int:
    """Both cores for a large batch of queries; one for a small one (threads cost more)."""
    return -1 if len(rows) >= 8192 else 1


def _classes(
    first: NDArray[Any], second: NDArray[Any], rows: NDArray[np.int64]
) -> dict[tuple[int, int], NDArray[np.int64]]:
    """``rows`` split by the pair (first, second) of each row (second: a rank, -1..127)."""
    if not len(rows):
        return {}
    key = first.astype(np.int64) * 256 + (second.astype(np.int64) + 128)
    order = np.argsort(key, kind="stable")
    sorted_key = key[order]
    starts = np.flatnonzero(np.r_[True, sorted_key[1:] != sorted_key[:-1]])
    ends = np.r_[starts[1:], len(key)]
    return {
        (int(first[order[a]]), int(second[order[a]])): rows[order[a:b]]
        for a, b in zip(starts, ends, strict=True)
    }


def _unique_pairs(
    person: NDArray[np.int64], group: NDArray[Any]
) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
    key = np.unique(person.astype(np.int64) * 4096 + (group.astype(np.int64) + 2048))
    return key // 4096, key % 4096 - 2048


def _one_group_per_occupation(
    offers: OfferArrays, people: PersonArrays, active: NDArray[np.int64]
) -> bool:
    """Does every occupation of the data have one KldB group (then an exact occupation
    match is a group match, which ``mismatch`` relies on)?"""
    valid = people.interest_occ >= 0
    occ = np.concatenate([offers.occupation[active], people.interest_occ[valid]]).astype(np.int64)
    group = np.concatenate([offers.group[active], people.interest_kldb[valid] // 100])
    pairs = np.unique(occ * 4096 + (group.astype(np.int64) + 2048))
    return len(pairs) == len(np.unique(occ))


def mismatch_dense(
    offers: OfferArrays,
    people: PersonArrays,
    *,
    radius_km: float = 30.0,
    progress: Callable[[float], None] | None = None,
) -> tuple[NDArray[np.bool_], NDArray[np.bool_]]:
    """``mismatch`` by brute force: every active offer against every person, in blocks of
    about two million pairs. O(offers x people): 450,000 x 1,000,000 would take most of an
    hour. The baseline of the benchmark, the reference of the tests, and the fallback when
    an occupation has two KldB groups in the data (never, built from one catalogue).
    ``progress`` is called with the share done (0..1) after each block."""
    person_ok = np.zeros(len(people.ids), np.bool_)
    offer_ok = np.zeros(len(offers), np.bool_)
    active = np.flatnonzero(offers.active)
    if not len(active) or not len(people.ids):
        return person_ok, offer_ok
    block = max(1, 2_000_000 // len(people.ids))
    max_chord = engine.chord_for_km(radius_km)
    for start in range(0, len(active), block):
        rows = active[start : start + block]
        suitable = _suitable_block(offers, rows, people, max_chord)
        offer_ok[rows] = suitable.any(axis=1)
        person_ok |= suitable.any(axis=0)
        if progress is not None:
            progress(min(1.0, (start + block) / len(active)))
    return person_ok, offer_ok


# --- national batch ------------------------------------------------------------------------


@dataclass
class BatchResult:
    top_ids: NDArray[np.int64]  # (n_people, k) offer ids, -1 where fewer than k
    top_keys: NDArray[np.int64]  # (n_people, k) score keys, -1 where fewer than k
    fallbacks: int = 0  # people who needed the second stage (radius queries)
    stats: dict[str, float] = field(default_factory=dict)


KINDS = ("occ", "group", "area")
TIER = {"occ": engine.OCC_EXACT, "group": engine.OCC_GROUP, "area": engine.OCC_AREA}
ROW_BITS = 21  # offer rows in the composite sort key
ROW_MASK = (1 << ROW_BITS) - 1
DENSE_LIMIT = 1 << 22  # list ids of values below this are read from a table


class _Lists:
    """The active offers split into lists: one per occupation, KldB group, KldB area, and
    one of all; a KD-tree per list, built when first queried."""

    def __init__(self, offers: OfferArrays) -> None:
        self.offers = offers
        active = np.flatnonzero(offers.active)
        self.rows: list[NDArray[np.int64]] = []
        self.values: dict[str, NDArray[np.int64]] = {}  # kind -> sorted values
        self.first_id: dict[str, int] = {}  # kind -> list id of its first value
        for kind, column in (
            ("occ", offers.occupation),
            ("group", offers.group),
            ("area", offers.area),
        ):
            values = column[active].astype(np.int64)
            order = np.argsort(values)  # each list's rows are sorted below
            sorted_values = values[order]
            cuts = np.flatnonzero(np.diff(sorted_values)) + 1
            self.first_id[kind] = len(self.rows)
            self.values[kind] = (
                sorted_values[np.concatenate(([0], cuts))]
                if len(values)
                else (np.zeros(0, np.int64))
            )
            self.rows.extend(
                np.sort(active[chunk]) for chunk in np.split(order, cuts) if len(chunk)
            )
        self.all_id = len(self.rows)
        self.rows.append(active)
        self._trees: dict[int, cKDTree] = {}
        self._lock = threading.Lock()  # the nightly update searches in two threads
        # small non-negative values (occupation ids, KldB groups and areas): list id by value
        self._tables: dict[str, NDArray[np.int64]] = {}
        for kind, known in self.values.items():
            if len(known) and known[0] >= 0 and known[-1] < DENSE_LIMIT:
                table = np.full(int(known[-1]) + 2, -1, np.int64)
                table[known] = self.first_id[kind] + np.arange(len(known))
                self._tables[kind] = table

    def __len__(self) -> int:
        return len(self.rows)

    def ids_of(self, kind: str, values: NDArray[np.int64]) -> NDArray[np.int64]:
        """List ids for values of one kind, -1 where no active offer has that value."""
        known = self.values[kind]
        table = self._tables.get(kind)
        if table is not None:  # the last entry (-1) answers values outside the table
            return table[np.clip(values, -1, len(table) - 1)]
        pos = np.clip(np.searchsorted(known, values), 0, max(0, len(known) - 1))
        found = (
            (len(known) > 0) & (known[pos] == values)
            if len(known)
            else np.zeros(len(values), np.bool_)
        )
        return np.where(found, self.first_id[kind] + pos, -1)

    def tree(self, list_id: int) -> cKDTree:
        tree = self._trees.get(list_id)
        if tree is None:
            with self._lock:
                tree = self._trees.get(list_id)
                if tree is None:
                    tree = self._trees[list_id] = cKDTree(self.offers.xyz[self.rows[list_id]])
        return tree


def _interest_values(people: PersonArrays, kind: str, j: int) -> NDArray[np.int64]:
    if kind == "occ":
        return people.interest_occ[:, j].astype(np.int64)
    divisor = 100 if kind == "group" else 10000
    return (people.interest_kldb[:, j] // divisor).astype(np.int64)


class _Scorer:
    """Exact score keys of (person, offer row) pairs through small tables: the same
    operations in the same order as the engine (total_np), so the keys are identical."""

    def __init__(
        self, offers: OfferArrays, people: PersonArrays, radius: NDArray[np.float64]
    ) -> None:
        self.offers = offers
        need = (offers.german_rank.astype(np.int64) * 10 + offers.cert_rank) * 10_000_000 + (
            offers.start
        )
        needs, rest_code = np.unique(need, return_inverse=True)
        needs = np.stack([needs // 100_000_000, needs // 10_000_000 % 10, needs % 10_000_000], 1)
        # what a pair needs of an offer in one cache line: x, y, z, occupation, group, area,
        # requirement code
        packed = np.empty((len(offers), 8))
        packed[:, :3] = offers.xyz
        packed[:, 3] = offers.occupation
        packed[:, 4] = offers.group
        packed[:, 5] = offers.area
        packed[:, 6] = rest_code.reshape(-1)
        packed[:, 7] = 0.0
        self.packed = packed
        have = np.stack(
            [people.german_rank.astype(np.int64), people.cert_rank, people.available_from],
            axis=1,
        )
        # the distinct (German, certificate, available-from) profiles: one code per person
        # (each part shifted to be non-negative and below 2**20), sorted like the rows
        code = (((have[:, 0] + 128) << 20) | (have[:, 1] + 128)) << 24 | have[:, 2]
        codes, which = np.unique(code, return_inverse=True)
        which = which.reshape(-1).astype(np.int64)
        profiles = np.stack(
            [(codes >> 44) - 128, ((codes >> 24) & ((1 << 20) - 1)) - 128, codes & ((1 << 24) - 1)],
            axis=1,
        )
        self.profile = which * len(needs)
        table = np.empty((len(profiles), len(needs)))
        for i, (g, c, a) in enumerate(profiles.tolist()):
            table[i] = (
                engine.W_GER * engine.german_part_np(g, needs[:, 0])
                + engine.W_CERT * engine.certificate_part_np(c, needs[:, 1])
                + engine.W_START * engine.start_part_np(a, needs[:, 2])
            )
        self.rest_table = table.reshape(-1)
        # the most German + certificate + start can add for a person (bound for stage 2)
        best = np.where(np.isnan(table), -np.inf, table).max(axis=1, initial=-np.inf)
        self.best_rest = best[which]
        self.xyz = people.xyz
        self.i_occ = people.interest_occ.astype(np.int32)
        self.i_group = np.where(self.i_occ >= 0, people.interest_kldb // 100, -1).astype(np.int32)
        self.i_area = np.where(self.i_occ >= 0, people.interest_kldb // 10000, -1).astype(np.int32)
        # the same by wish, each a contiguous column (what ``keys`` reads per pair)
        self.wish_cols = [
            (self.i_occ[:, j].copy(), self.i_group[:, j].copy(), self.i_area[:, j].copy())
            for j in range(MAX_INTERESTS)
        ]
        # any() along an axis of a 2-D array is an array; the stubs also allow a scalar
        self.has_interest = cast("NDArray[np.bool_]", (self.i_occ >= 0).any(axis=1))
        self.reach = radius / engine.EARTH_RADIUS_KM

    def keys(
        self, person: NDArray[np.int64], row: NDArray[np.int64]
    ) -> tuple[NDArray[np.int64], NDArray[np.float64]]:
        """Score keys (-1 where a hard filter fails: radius, German gap) and the occupation
        parts."""
        o = self.packed.take(row, axis=0)
        p = self.xyz.take(person, axis=0)
        chord = o[:, 0] - p[:, 0]
        chord *= chord
        t = o[:, 1] - p[:, 1]
        t *= t
        chord += t
        t = o[:, 2] - p[:, 2]
        t *= t
        chord += t
        np.sqrt(chord, out=chord)
        occ, grp, area = o[:, 3], o[:, 4], o[:, 5]
        i_occ, i_group, i_area = self.wish_cols[0]
        exact = occ == i_occ.take(person)
        in_group = grp == i_group.take(person)
        in_area = area == i_area.take(person)
        for i_occ, i_group, i_area in self.wish_cols[1:]:
            exact |= occ == i_occ.take(person)
            in_group |= grp == i_group.take(person)
            in_area |= area == i_area.take(person)
        part = np.where(in_area, engine.OCC_AREA, engine.OCC_OTHER)
        part[in_group] = engine.OCC_GROUP
        part[exact] = engine.OCC_EXACT
        part[~self.has_interest[person]] = engine.OCC_ANY
        total = engine.W_OCC * part
        total += self.rest_table[self.profile[person] + o[:, 6].astype(np.int64)]
        d = chord * engine.EARTH_RADIUS_KM
        d *= d
        d += engine.DIST_H2
        np.divide(engine.DIST_H2, d, out=d)
        d *= engine.W_DIST
        total += d
        total *= engine.SCORE_SCALE
        np.rint(total, out=total)
        bad = np.isnan(total) | (chord > self.reach[person])
        total[bad] = -1
        return total.astype(np.int64), part


def _top_of_pairs(
    person: NDArray[np.int64],
    row: NDArray[np.int64],
    keys: NDArray[np.int64],
    size: int,
    k: int,
) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
    """(size, k) best rows and keys of pairs of people numbered 0..size-1 (key descending,
    then row = offer id ascending); the same offer reached twice counts once."""
    keep = keys >= 0
    person, row, keys = person[keep], row[keep], keys[keep]
    composite = (person << 42) | ((engine.SCORE_SCALE * 2 - keys) << ROW_BITS) | row
    composite.sort()
    if len(composite):
        composite = composite[np.concatenate(([True], composite[1:] != composite[:-1]))]
    p_local = composite >> 42
    first = np.searchsorted(p_local, np.arange(size))
    rank = np.arange(len(composite)) - first[p_local]
    best = rank < k
    p_best, r_best = p_local[best], rank[best]
    top_rows = np.full((size, k), -1, np.int64)
    top_keys = np.full((size, k), -1, np.int64)
    top_rows[p_best, r_best] = composite[best] & ROW_MASK
    top_keys[p_best, r_best] = engine.SCORE_SCALE * 2 - ((composite[best] >> ROW_BITS) & ROW_MASK)
    return top_rows, top_keys


def national_top_k(
    offers: OfferArrays,
    people: PersonArrays,
    *,
    radius_km: NDArray[np.float64] | float,
    k: int = 10,
    neighbours: int = 16,
    workers: int = -1,
    chunk: int = 10_000,
) -> BatchResult:
    """Every person's exact top k (the same as OfferIndex.rank gives), without enumerating
    all pairs within the radius.

    A person's offers fall into lists: the offers of each occupation they want (exact fit),
    of each wanted KldB group and Berufsbereich, and all offers. Any offer of a list scores
    at least that list's occupation part for the person, so the person's top k lies among
    the lists' best. Stage 1: the ``neighbours`` nearest offers of each list, queried once
    per distinct place (people live at postal-code centres), scored exactly; the k-th score
    is a lower bound on the final one. Stage 2, only where needed: an unseen offer of a list
    lies beyond that list's last neighbour and scores at most the list's occupation part +
    the person's best possible German/certificate/start part + the distance part, so it can
    only beat the k-th score inside a radius that follows from that bound; those radius
    queries (again once per place and list) are scored exactly too. No fallback to the
    per-person ranker is needed; ``fallbacks`` counts the people with a second stage."""
    if len(offers) > ROW_MASK:
        raise ValueError("the composite sort key holds up to 2,097,151 offers")
    n = len(people.ids)
    radius = np.ascontiguousarray(np.broadcast_to(np.asarray(radius_km, np.float64), (n,)))
    top_rows = np.full((n, k), -1, np.int64)
    top_keys = np.full((n, k), -1, np.int64)
    lists = _Lists(offers)
    located = ~np.isnan(people.xyz[:, 0])
    if not located.any() or not offers.active.any():
        return BatchResult(top_rows, top_keys)
    places, place_of = _places_of(people.xyz)
    n_places = len(places)
    max_chord = engine.chord_for_km(float(radius.max(initial=0.0))) * (1 + 1e-9)

    # requests: (person, list, occupation part every offer of the list has at least)
    req_person, req_list, req_tier = [], [], []
    for kind in KINDS:
        for j in range(MAX_INTERESTS):
            valid = located & (people.interest_occ[:, j] >= 0)
            list_id = lists.ids_of(kind, _interest_values(people, kind, j))
            sel = np.flatnonzero(valid & (list_id >= 0))
            req_person.append(sel)
            req_list.append(list_id[sel])
            req_tier.append(np.full(len(sel), TIER[kind]))
    sel = np.flatnonzero(located)
    req_person.append(sel)
    req_list.append(np.full(len(sel), lists.all_id))
    has_interest = people.interest_occ[:, 0] >= 0
    req_tier.append(np.where(has_interest[sel], engine.OCC_OTHER, engine.OCC_ANY))
    person_r = np.concatenate(req_person)
    list_r = np.concatenate(req_list)
    tier_r = np.concatenate(req_tier)
    # one request per (person, list), sorted by person
    pair = np.unique(person_r * len(lists) + list_r, return_index=True)
    person_r, list_r, tier_r = person_r[pair[1]], list_r[pair[1]], tier_r[pair[1]]

    scorer = _Scorer(offers, people, radius)
    ctx = _Context(
        scorer, lists, places, place_of, n_places, max_chord, k, neighbours, workers, chunk
    )
    # first the lists of exact fits (and of everything, for people without a wish) ...
    first = (tier_r == engine.OCC_EXACT) | (tier_r == engine.OCC_ANY)
    ctx.resolve(person_r[first], list_r[first], tier_r[first], top_rows, top_keys)
    # ... then the group / area / other lists, only where even an offer next door with the
    # best German/certificate/start parts could still reach the k-th key
    later = np.flatnonzero(~first)
    kth = top_keys[person_r[later], k - 1]
    best = (
        engine.W_OCC * tier_r[later] + scorer.best_rest[person_r[later]] + engine.W_DIST
    ) * engine.SCORE_SCALE + 2
    later = later[np.isfinite(best) & (best >= kth)]
    ctx.stats["later_lists"] = float(len(later))
    ctx.resolve(person_r[later], list_r[later], tier_r[later], top_rows, top_keys)
    stats = ctx.stats | {"requests": float(len(person_r))}
    fallbacks = len(ctx.needed)
    top_ids = np.where(top_rows >= 0, offers.ids[np.maximum(top_rows, 0)], -1)
    return BatchResult(top_ids, top_keys, fallbacks, stats)


class _Context:
    """One national batch: lists, places, the scorer and the settings of the rounds."""

    def __init__(
        self,
        scorer: _Scorer,
        lists: _Lists,
        places: NDArray[np.float64],
        place_of: NDArray[np.int64],
        n_places: int,
        max_chord: float,
        k: int,
        neighbours: int,
        workers: int,
        chunk: int,
    ) -> None:
        self.scorer, self.lists, self.places, self.place_of = scorer, lists, places, place_of
        self.n_places, self.max_chord, self.k = n_places, max_chord, k
        self.neighbours, self.workers, self.chunk = neighbours, workers, chunk
        self.stats: dict[str, float] = {}
        self.needed: set[int] = set()
        cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else 2
        self.threads = min(4, cores if workers == -1 else max(1, workers))

    def nearest(
        self,
        person: NDArray[np.int64],
        list_id: NDArray[np.int64],
        wanted: int,
        distances: bool = False,
    ) -> Any:
        """Per request the ``wanted`` nearest rows of its list and the last one's distance
        (one bulk query per list, for the distinct places asking); with ``distances`` also
        every row's distance."""
        key, slot = np.unique(list_id * self.n_places + self.place_of[person], return_inverse=True)
        slot = slot.reshape(-1)
        rows, last, dist = _nearest(
            self.lists, self.places, key, self.n_places, wanted, self.max_chord, self.workers
        )
        if distances:
            return rows[slot], last[slot], dist[slot]
        return rows[slot], last[slot]

    def resolve(
        self,
        person_r: NDArray[np.int64],
        list_r: NDArray[np.int64],
        tier_r: NDArray[np.float64],
        top_rows: NDArray[np.int64],
        top_keys: NDArray[np.int64],
    ) -> None:
        """Merge the best offers of these (person-sorted) requests into the top k."""
        if not len(person_r):
            return
        k, neighbours, scorer = self.k, self.neighbours, self.scorer
        rows_r, last_r = self.nearest(person_r, list_r, neighbours)
        people = np.unique(person_r)
        bounds = np.searchsorted(person_r, [*people[:: self.chunk].tolist(), person_r[-1] + 1])

        def first_round(c: int) -> None:
            a, b = int(bounds[c]), int(bounds[c + 1])
            who = person_r[a:b]
            group = np.unique(who)
            rows = rows_r[a:b]  # (requests, neighbours)
            keys, part = scorer.keys(np.repeat(who, neighbours), rows.reshape(-1))
            keys = keys.reshape(rows.shape)
            # each offer counts in one list only: the list of its own tier for the person
            keys[(rows < 0) | (part.reshape(rows.shape) != tier_r[a:b, None])] = -1
            # a (people, k + lists x neighbours) matrix with the top k so far in front: the
            # k-th largest key per person first, then an exact sort of the few at or above
            local = np.searchsorted(group, who)
            col = np.arange(b - a) - np.searchsorted(who, who)
            width = int(col.max()) + 1
            grid_keys = np.full((len(group), width, neighbours), -1, np.int64)
            grid_rows = np.full((len(group), width, neighbours), -1, np.int64)
            grid_keys[local, col] = keys
            grid_rows[local, col] = rows
            grid_keys = np.concatenate([top_keys[group], grid_keys.reshape(len(group), -1)], 1)
            grid_rows = np.concatenate([top_rows[group], grid_rows.reshape(len(group), -1)], 1)
            wide = grid_keys.shape[1]
            kth = np.partition(grid_keys, wide - k, axis=1)[:, wide - k]
            sel = np.nonzero(grid_keys >= np.maximum(kth, 0)[:, None])
            top_rows[group], top_keys[group] = _top_of_pairs(
                sel[0], grid_rows[sel], grid_keys[sel], len(group), k
            )

        # numpy lets go of the GIL in the heavy parts: chunks in threads use both cores
        with ThreadPoolExecutor(max_workers=self.threads) as pool:
            list(pool.map(first_round, range(len(bounds) - 1)))

        # where an unseen offer of a list could still beat the k-th key: four times as many
        # neighbours of that list, then four times more, ... at last a radius query
        pending = np.arange(len(person_r))
        last = last_r
        wanted = neighbours
        while True:
            pending, chord = _still_open(
                scorer, pending, person_r, tier_r, last[pending], top_keys, k
            )
            if not len(pending):
                return
            self.needed.update(np.unique(person_r[pending]).tolist())
            self.stats[f"open_after_{wanted}"] = self.stats.get(f"open_after_{wanted}", 0.0) + (
                len(pending)
            )
            wanted *= 4
            if wanted > MAX_NEIGHBOURS:
                _stage2(
                    scorer,
                    self.lists,
                    self.places,
                    self.place_of,
                    person_r[pending],
                    list_r[pending],
                    tier_r[pending],
                    chord,
                    self.n_places,
                    k,
                    top_rows,
                    top_keys,
                    self.workers,
                    self.stats,
                )
                return
            rows, last_p, dist = self.nearest(
                person_r[pending], list_r[pending], wanted, distances=True
            )
            # offers strictly nearer than the last one of the round before were scored then
            # (ties at that distance may differ between queries: those are scored again)
            rows = np.where(dist < last[pending][:, None], -1, rows)
            _merge(
                scorer,
                np.repeat(person_r[pending], rows.shape[1]),
                rows.reshape(-1),
                np.repeat(tier_r[pending], rows.shape[1]),
                k,
                top_rows,
                top_keys,
                threads=self.threads,
            )
            last = last.copy()
            last[pending] = last_p


MAX_NEIGHBOURS = 1024


def _nearest(
    lists: _Lists,
    places: NDArray[np.float64],
    slot_key: NDArray[np.int64],
    n_places: int,
    wanted: int,
    max_chord: float,
    workers: int,
) -> tuple[NDArray[np.int64], NDArray[np.float64], NDArray[np.float64]]:
    """The ``wanted`` nearest offer rows per (list, place) slot (-1 padding), the last
    one's distance (inf when the list holds no more within max_chord) and all distances."""
    slot_rows = np.full((len(slot_key), wanted), -1, np.int64)
    slot_dist = np.full((len(slot_key), wanted), np.inf)
    slot_last = np.full(len(slot_key), np.inf)
    slot_list = slot_key // n_places
    cuts = np.flatnonzero(np.diff(slot_list)) + 1
    for block in np.split(np.arange(len(slot_key)), cuts):
        list_id = int(slot_list[block[0]])
        members = lists.rows[list_id]
        kk = min(wanted, len(members))
        dist, idx = lists.tree(list_id).query(
            places.take(slot_key[block] % n_places, axis=0),
            k=kk,
            distance_upper_bound=max_chord,
            workers=workers,
        )
        dist, idx = dist.reshape(len(block), kk), idx.reshape(len(block), kk)
        inside = idx < len(members)
        slot_rows[block, :kk] = np.where(inside, members[np.where(inside, idx, 0)], -1)
        slot_dist[block, :kk] = dist
        if kk == wanted:  # else the whole list was seen
            slot_last[block] = np.where(inside[:, -1], dist[:, -1], np.inf)
    return slot_rows, slot_last, slot_dist


def _still_open(
    scorer: _Scorer,
    pending: NDArray[np.int64],
    person_r: NDArray[np.int64],
    tier_r: NDArray[np.float64],
    last: NDArray[np.float64],
    top_keys: NDArray[np.int64],
    k: int,
) -> tuple[NDArray[np.int64], NDArray[np.float64]]:
    """The requests whose unseen offers (beyond ``last``) could still reach the person's
    k-th key, and for each the distance (chord) inside which they would have to lie."""
    person = person_r[pending]
    kth = top_keys[person, k - 1].astype(np.float64)
    reach = scorer.reach[person]
    with np.errstate(invalid="ignore", divide="ignore"):
        base = engine.W_OCC * tier_r[pending] + scorer.best_rest[person]
        near = engine.W_DIST * engine.distance_part_np(np.where(np.isfinite(last), last, 0.0))
        bound = (base + near) * engine.SCORE_SCALE + 2
        open_ = np.isfinite(last) & (last <= reach) & (bound >= kth) & np.isfinite(base)
        # the distance part an unseen offer needs to reach the k-th key
        need = ((kth - 2) / engine.SCORE_SCALE - base) / engine.W_DIST
        km = np.sqrt(np.maximum(0.0, engine.DIST_H2 / need - engine.DIST_H2))
        chord = np.where(
            (kth < 0) | (need <= 0), reach, np.minimum(reach, km / engine.EARTH_RADIUS_KM)
        )
    return pending[open_], chord[open_] * (1 + 1e-9) + 1e-12


def _merge(
    scorer: _Scorer,
    person: NDArray[np.int64],
    row: NDArray[np.int64],
    tier: NDArray[np.float64],
    k: int,
    top_rows: NDArray[np.int64],
    top_keys: NDArray[np.int64],
    block_pairs: int = 500_000,
    threads: int = 1,
) -> None:
    """Score (person, row) pairs (person-sorted; rows of another tier than the list's are
    left out, -1 rows are padding) and merge them into the people's top k, in blocks that
    never split a person (blocks in threads: they touch different people)."""
    keep = row >= 0
    person, row, tier = person[keep], row[keep], tier[keep]
    cuts = [0]
    while cuts[-1] < len(person):
        lo = cuts[-1]
        hi = min(len(person), lo + block_pairs)
        if hi < len(person):
            hi = int(np.searchsorted(person, person[hi], side="left"))
            if hi <= lo:
                hi = int(np.searchsorted(person, person[lo], side="right"))
        cuts.append(hi)

    def block(i: int) -> None:
        lo, hi = cuts[i], cuts[i + 1]
        p, r = person[lo:hi], row[lo:hi]
        keys, part = scorer.keys(p, r)
        keys[part != tier[lo:hi]] = -1
        who = np.unique(p)
        old_row = top_rows[who].reshape(-1)
        all_person = np.concatenate([p, np.repeat(who, k)])
        all_row = np.concatenate([r, np.maximum(old_row, 0)])
        all_keys = np.concatenate([keys, np.where(old_row >= 0, top_keys[who].reshape(-1), -1)])
        top_rows[who], top_keys[who] = _top_of_pairs(
            np.searchsorted(who, all_person), all_row, all_keys, len(who), k
        )

    with ThreadPoolExecutor(max_workers=threads) as pool:
        list(pool.map(block, range(len(cuts) - 1)))


def _stage2(
    scorer: _Scorer,
    lists: _Lists,
    places: NDArray[np.float64],
    place_of: NDArray[np.int64],
    person: NDArray[np.int64],
    list_id: NDArray[np.int64],
    tier: NDArray[np.float64],
    chord: NDArray[np.float64],
    n_places: int,
    k: int,
    top_rows: NDArray[np.int64],
    top_keys: NDArray[np.int64],
    workers: int,
    stats: dict[str, float],
) -> None:
    """Radius queries, once per (list, place) with the largest radius asked there; every
    offer found is scored exactly and merged with the person's stage-1 top k."""
    slot_key, slot = np.unique(list_id * n_places + place_of[person], return_inverse=True)
    slot = slot.reshape(-1)
    reach = np.zeros(len(slot_key))
    np.maximum.at(reach, slot, chord)
    found_rows: list[NDArray[np.int64]] = [np.zeros(0, np.int64)] * len(slot_key)
    slot_list = slot_key // n_places
    cuts = np.flatnonzero(np.diff(slot_list)) + 1
    for block in np.split(np.arange(len(slot_key)), cuts):
        lid = int(slot_list[block[0]])
        members = lists.rows[lid]
        hits = lists.tree(lid).query_ball_point(
            places.take(slot_key[block] % n_places, axis=0), r=reach[block], workers=workers
        )
        for s, h in zip(block.tolist(), hits, strict=True):
            found_rows[s] = members[np.asarray(h, dtype=np.int64)]
    lengths = np.fromiter((len(found_rows[s]) for s in slot), np.int64, count=len(slot))
    stats["stage2_pairs"] = float(lengths.sum())
    order = np.argsort(person)  # the order within a person does not matter
    person, slot, lengths, tier = person[order], slot[order], lengths[order], tier[order]
    concerned = np.unique(person)
    block_people = 20_000
    for lo in range(0, len(concerned), block_people):
        who = concerned[lo : lo + block_people]
        a, b = np.searchsorted(person, [who[0], who[-1] + 1])
        rows_new = [found_rows[s] for s in slot[a:b].tolist()]
        new_person = np.repeat(person[a:b], lengths[a:b])
        new_row = np.concatenate(rows_new) if rows_new else np.zeros(0, np.int64)
        keys, part = scorer.keys(new_person, new_row)
        keys[part != np.repeat(tier[a:b], lengths[a:b])] = -1
        old_row = top_rows[who].reshape(-1)
        all_person = np.concatenate([new_person, np.repeat(who, k)])
        all_row = np.concatenate([new_row, np.maximum(old_row, 0)])
        all_keys = np.concatenate([keys, np.where(old_row >= 0, top_keys[who].reshape(-1), -1)])
        top_rows[who], top_keys[who] = _top_of_pairs(
            np.searchsorted(who, all_person), all_row, all_keys, len(who), k
        )


def person_point(people: PersonArrays, i: int) -> tuple[float, float, float]:
    x, y, z = (float(v) for v in people.xyz[i])
    return x, y, z


def person_seeker(people: PersonArrays, i: int, radius_km: float) -> Seeker:
    """The seeker for person i (use with ``point=person_point(people, i)``)."""
    d = people.seeker_dict(i)
    return Seeker(
        lat=float("nan"),
        lon=float("nan"),
        available_from=d["available_from"],
        radius_km=radius_km,
        interests=d["interests"],
        german_rank=d["german_rank"],
        cert_rank=d["cert_rank"],
    )


# --- new offers against a stored top k (the nightly "new offers for your people") -----------


def offers_subset(offers: OfferArrays, mask: NDArray[np.bool_]) -> OfferArrays:
    """The offers of the rows where ``mask`` is set (still sorted by id)."""
    return offers.subset(mask)


def merge_top(
    ids_a: NDArray[np.int64],
    keys_a: NDArray[np.int64],
    ids_b: NDArray[np.int64],
    keys_b: NDArray[np.int64],
    k: int,
) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
    """Per row the best k of two top lists (key descending, then offer id ascending, as the
    batch orders them); an offer in both counts once, with its key from ``b``."""
    fast = _merge_sorted(ids_a, keys_a, ids_b, keys_b, k)
    if fast is not None:
        return fast
    dup = (ids_a[:, :, None] == ids_b[:, None, :]).any(axis=2) & (ids_a >= 0)
    ids = np.concatenate([ids_b, np.where(dup, -1, ids_a)], axis=1)
    keys = np.concatenate([keys_b, np.where(dup, -1, keys_a)], axis=1)
    # one int64 per entry that sorts as the batch does: key descending, then id ascending
    # (keys are below 2**21, ids below 2**42); empty entries last
    missing = (ids < 0) | (keys < 0)
    composite = ((engine.SCORE_SCALE * 2 - keys) << 42) | np.maximum(ids, 0)
    composite[missing] = np.iinfo(np.int64).max
    composite.sort(axis=1)
    composite = composite[:, :k]
    empty = composite == np.iinfo(np.int64).max
    top_ids = np.where(empty, -1, composite & ((1 << 42) - 1))
    top_keys = np.where(empty, -1, engine.SCORE_SCALE * 2 - (composite >> 42))
    return top_ids, top_keys


def _in_order(ids: NDArray[np.int64], keys: NDArray[np.int64]) -> NDArray[np.bool_] | None:
    """Where the entries are (id and key set), or None unless each row is a run of entries
    from its first column on, in the batch's order without an id twice in a row."""
    valid = (ids >= 0) & (keys >= 0)
    if (valid[:, 1:] & ~valid[:, :-1]).any():
        return None
    head, tail = keys[:, :-1], keys[:, 1:]
    before = (head > tail) | ((head == tail) & (ids[:, :-1] < ids[:, 1:]))
    return valid if (before | ~valid[:, 1:]).all() else None


def _merge_sorted(
    ids_a: NDArray[np.int64],
    keys_a: NDArray[np.int64],
    ids_b: NDArray[np.int64],
    keys_b: NDArray[np.int64],
    k: int,
) -> tuple[NDArray[np.int64], NDArray[np.int64]] | None:
    """``merge_top`` for lists already in the batch's order with no offer in both (the
    nightly update: a few new entries per row), without sorting: an entry of ``b`` moves
    down by the entries of ``a`` before it, an entry of ``a`` by those of ``b`` before it.
    None where the lists are not like that."""
    valid_a, valid_b = _in_order(ids_a, keys_a), _in_order(ids_b, keys_b)
    if valid_a is None or valid_b is None:
        return None
    m = len(ids_a)
    row, col = np.nonzero(valid_b)
    ib, kb = ids_b[row, col], keys_b[row, col]
    ia, ka, va = ids_a.take(row, axis=0), keys_a.take(row, axis=0), valid_a.take(row, axis=0)
    if (va & (ia == ib[:, None])).any():
        return None  # an offer in both: the general merge
    # per entry of b: how many of a come before it
    ahead = (va & ((ka > kb[:, None]) | ((ka == kb[:, None]) & (ia < ib[:, None])))).sum(axis=1)
    # per entry (r, c) of a: the entries of b of row r with at most c of a before them
    before = np.bincount(row * (k + 1) + ahead, minlength=m * (k + 1)).reshape(m, k + 1)
    shift = np.cumsum(before[:, :k], axis=1)
    top_ids = np.full(m * k, -1, np.int64)
    top_keys = np.full(m * k, -1, np.int64)
    pos_a = np.arange(k) + shift
    put = (pos_a < k) & valid_a
    flat_a = (np.arange(m)[:, None] * k + pos_a)[put]
    top_ids[flat_a], top_keys[flat_a] = ids_a[put], keys_a[put]
    pos_b = col + ahead
    put_b = pos_b < k
    flat_b = row[put_b] * k + pos_b[put_b]
    top_ids[flat_b], top_keys[flat_b] = ib[put_b], kb[put_b]
    return top_ids.reshape(m, k), top_keys.reshape(m, k)


def _places_of(xyz: NDArray[np.float64]) -> tuple[NDArray[np.float64], NDArray[np.int64]]:
    """Distinct places and each person's place: rows sorted by x (one sort), runs of equal
    rows are one place; people without a place (NaN rows) are at the point (2, 2, 2). Two
    places with the same x may interleave and then count more than once; that costs a
    query, never a wrong place."""
    nowhere = np.isnan(xyz[:, 0])
    if nowhere.any():
        xyz = xyz.copy()
        xyz[nowhere] = 2.0
    order = np.argsort(xyz[:, 0])
    s = xyz.take(order, axis=0)
    new = np.ones(len(s), np.bool_)
    new[1:] = (s[1:, 0] != s[:-1, 0]) | (s[1:, 1] != s[:-1, 1]) | (s[1:, 2] != s[:-1, 2])
    place_of = np.empty(len(s), np.int64)
    place_of[order] = np.cumsum(new) - 1
    return s[new], place_of


def _reach(
    scorer: _Scorer,
    person: NDArray[np.int64],
    tier: NDArray[np.float64],
    best_rest: NDArray[np.float64],
    kth: NDArray[np.int64],
) -> tuple[NDArray[np.int64], NDArray[np.float64]]:
    """The requests an offer of their list could still win for the person (its key reaching
    the person's k-th key ``kth``), and for each the distance (chord) inside which it would
    have to lie (the bound of ``_still_open`` at distance zero)."""
    bar = kth[person].astype(np.float64)
    reach = scorer.reach[person]
    with np.errstate(invalid="ignore", divide="ignore"):
        base = engine.W_OCC * tier + best_rest
        open_ = np.isfinite(base) & ((base + engine.W_DIST) * engine.SCORE_SCALE + 2 >= bar)
        need = ((bar - 2) / engine.SCORE_SCALE - base) / engine.W_DIST
        km = np.sqrt(np.maximum(0.0, engine.DIST_H2 / need - engine.DIST_H2))
        chord = np.where(
            (bar < 0) | (need <= 0), reach, np.minimum(reach, km / engine.EARTH_RADIUS_KM)
        )
    rows = np.flatnonzero(open_)
    return rows, chord[rows] * (1 + 1e-9) + 1e-12


SHORT_CHORD = 10.0 / engine.EARTH_RADIUS_KM  # requests up to 10 km: searched per place
DIST_BITS = 36  # chord distances as integers of 2**-36 (about 0.1 mm on the earth)


def _cut(
    code_rows: NDArray[np.int64],
    dist: NDArray[np.float64],
    code_req: NDArray[np.int64],
    chord_req: NDArray[np.float64],
) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
    """Rows found per code (a list and a place) with their distances to the place, and
    requests with a code and a distance: (request, index of the row) of every row of the
    request's code within its distance. Integer distances, rounded to be generous: the
    pairs are scored exactly afterwards, a few too many cost nothing."""
    n = len(code_rows)
    idx_bits = max(1, int(n).bit_length())
    code_bits = int(max(code_rows.max(initial=0), code_req.max(initial=0))).bit_length()
    # distances in units of 2**-(q_bits + 3) of the chord (all above 2**-3, 800 km, are
    # "far"): as fine as the 62 bits of one sort key allow, at most 2**-36 (0.1 mm)
    q_bits = min(33, 62 - code_bits - idx_bits)
    if q_bits >= 12:  # one key per row: code, distance, row (one sort of integers)
        scale, top = 2.0 ** (q_bits + 3), (1 << q_bits) - 1
        q = np.minimum(np.floor(dist * scale), top).astype(np.int64)
        key = (((code_rows << q_bits) | q) << idx_bits) | np.arange(n)
        key.sort()
        order = key & ((1 << idx_bits) - 1)
        sort_key = key >> idx_bits
    else:
        q_bits, scale, top = 33, 2.0**DIST_BITS, (1 << 33) - 1
        q = np.minimum(np.floor(dist * scale), top).astype(np.int64)
        sort_key = (code_rows << q_bits) | q
        order = np.argsort(sort_key)  # ties: the same rows are in or out together
        sort_key = sort_key[order]
    need = np.minimum(np.ceil(chord_req * scale) + 1, top).astype(np.int64)
    limit = (code_req << q_bits) | need
    # the requests in order: a binary search for sorted needles starts where the last ended
    by_limit = np.argsort(limit)
    lo = np.empty(len(limit), np.int64)
    hi = np.empty(len(limit), np.int64)
    lo[by_limit] = np.searchsorted(sort_key, (code_req << q_bits)[by_limit], side="left")
    hi[by_limit] = np.searchsorted(sort_key, limit[by_limit], side="right")
    lengths = hi - lo
    asking = np.flatnonzero(lengths > 0)
    lengths, lo = lengths[asking], lo[asking]
    total = int(lengths.sum())
    offsets = np.arange(total) - np.repeat(np.cumsum(lengths) - lengths, lengths)
    return np.repeat(asking, lengths), order[np.repeat(lo, lengths) + offsets]


def _pairs_by_place(
    lists: _Lists,
    offers: OfferArrays,
    places: NDArray[np.float64],
    place_of: NDArray[np.int64],
    person_r: NDArray[np.int64],
    list_r: NDArray[np.int64],
    chord_r: NDArray[np.float64],
    which: NDArray[np.bool_],
) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
    """(request, offer row) pairs of the requests in ``which``: one search per place over
    all new offers, with the largest distance asked there; each row found counts for its
    occupation, group, area and "all" lists, and each request takes the rows of its list
    within its own distance."""
    sel = np.flatnonzero(which)
    if not len(sel):
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    n_places = len(places)
    place = place_of[person_r[sel]]
    reach = np.zeros(n_places)
    order = np.argsort(place)
    starts = np.flatnonzero(np.diff(place[order], prepend=-1))
    asked = place[order][starts]
    reach[asked] = np.maximum.reduceat(chord_r[sel][order], starts)
    members = lists.rows[lists.all_id]
    tree = lists.tree(lists.all_id)
    hits = tree.query_ball_point(places.take(asked, axis=0), r=reach[asked], workers=-1)
    counts = np.fromiter(map(len, hits), np.int64, count=len(hits))
    rows = members[np.fromiter(chain.from_iterable(hits), np.int64, count=int(counts.sum()))]
    found_place = np.repeat(asked, counts)
    gap = offers.xyz.take(rows, axis=0) - places.take(found_place, axis=0)
    dist = np.sqrt((gap * gap).sum(axis=1))
    # each row in each of its lists
    row_lists = [
        lists.ids_of("occ", offers.occupation[rows].astype(np.int64)),
        lists.ids_of("group", offers.group[rows].astype(np.int64)),
        lists.ids_of("area", offers.area[rows].astype(np.int64)),
        np.full(len(rows), lists.all_id),
    ]
    code_rows = np.concatenate([lid * n_places + found_place for lid in row_lists])
    req, idx = _cut(
        code_rows,
        np.tile(dist, 4),
        list_r[sel] * n_places + place,
        chord_r[sel],
    )
    return sel[req], np.tile(rows, 4)[idx]


def _pairs_by_slot(
    lists: _Lists,
    places: NDArray[np.float64],
    place_of: NDArray[np.int64],
    person_r: NDArray[np.int64],
    list_r: NDArray[np.int64],
    chord_r: NDArray[np.float64],
    which: NDArray[np.bool_],
    threads: int = 2,
) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
    """(request, offer row) pairs of the requests in ``which``: one search per (list,
    place) in the list's tree with the largest distance asked there (counts first, rows
    only where any; the lists in two threads), each request taking the rows of its slot
    within its own distance."""
    sel = np.flatnonzero(which)
    if not len(sel):
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    n_places = len(places)
    code = list_r[sel] * n_places + place_of[person_r[sel]]
    by_slot = np.argsort(code)
    sorted_code = code[by_slot]
    first_of = np.ones(len(code), np.bool_)
    first_of[1:] = sorted_code[1:] != sorted_code[:-1]
    starts = np.flatnonzero(first_of)
    slot_key = sorted_code[starts]
    reach = np.maximum.reduceat(chord_r[sel][by_slot], starts)
    slot_list = slot_key // n_places
    cuts = np.flatnonzero(np.diff(slot_list)) + 1
    bounds = np.concatenate(([0], cuts, [len(slot_key)])).tolist()

    def search(block: int) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
        a, b = bounds[block], bounds[block + 1]
        lid = int(slot_list[a])
        tree = lists.tree(lid)
        points = places.take(slot_key[a:b] % n_places, axis=0)
        counts = np.asarray(tree.query_ball_point(points, r=reach[a:b], return_length=True))
        hit = np.flatnonzero(counts)
        if not len(hit):
            return np.zeros(0, np.int64), np.zeros(0, np.int64)
        hits = tree.query_ball_point(points[hit], r=reach[a:b][hit])
        flat = np.fromiter(chain.from_iterable(hits), np.int64, count=int(counts[hit].sum()))
        return np.repeat(a + hit, counts[hit]), lists.rows[lid][flat]

    for a in bounds[:-1]:  # trees built before the threads start
        lists.tree(int(slot_list[a]))
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else 2
    if min(threads, cores) > 1:
        with ThreadPoolExecutor(max_workers=min(threads, cores)) as pool:
            found = list(pool.map(search, range(len(bounds) - 1)))
    else:
        found = [search(block) for block in range(len(bounds) - 1)]
    found_slot = np.concatenate([f[0] for f in found] + [np.zeros(0, np.int64)])
    rows = np.concatenate([f[1] for f in found] + [np.zeros(0, np.int64)])
    gap = lists.offers.xyz.take(rows, axis=0) - places.take(slot_key[found_slot] % n_places, axis=0)
    dist = np.sqrt((gap * gap).sum(axis=1))
    req, idx = _cut(slot_key[found_slot], dist, code, chord_r[sel])
    return sel[req], rows[idx]


def new_offers_top_k(
    new: OfferArrays,
    people: PersonArrays,
    *,
    radius_km: NDArray[np.float64] | float,
    prev_ids: NDArray[np.int64],
    prev_keys: NDArray[np.int64],
    bar: NDArray[np.int64] | None = None,
    groups: int | None = None,
) -> BatchResult:
    """Every person's top k after ``new`` offers were added, from their top k before
    (``prev_ids``/``prev_keys``, shape (n_people, k), as ``national_top_k`` gives them,
    over offers none of which is in ``new``) — without looking at the old offers again.

    A new offer enters a person's top k only when its key reaches the person's k-th key
    before. Per list (the person's occupations, KldB groups, Berufsbereiche, all) an offer
    of the list scores at most the list's occupation part + the person's best
    German/certificate/start part + the distance part, so it can only reach that k-th key
    inside a distance that follows from it (a few km for most people: their k-th key is
    high). Lists that cannot reach it even next door are dropped per person and tier before
    any request is made. Requests up to ``SHORT_CHORD`` are searched once per place over
    all new offers (the largest distance asked there), the others once per (list, place)
    in the list's KD-tree; each request takes the rows of its list within its own
    distance; the pairs are scored exactly and merged with the top k before (only for
    the people who got any that reach their k-th key).

    Exact: the result equals ``national_top_k`` over the old and the new offers together,
    as long as the top k before is exact for the old offers (nothing of it changed).
    ``bar``: per person the key a new offer must reach instead of the k-th key before
    (-1: any) — for top lists known exactly only down to some depth: the result is then
    exact down to that depth. ``groups``: the people are updated in that many groups of
    whole places, each in a thread (default: two on two or more cores from 100,000 people
    on, else one)."""
    n = len(people.ids)
    k = prev_ids.shape[1]
    radius = np.ascontiguousarray(np.broadcast_to(np.asarray(radius_km, np.float64), (n,)))
    top_ids, top_keys = prev_ids.copy(), prev_keys.copy()
    located = ~np.isnan(people.xyz[:, 0])
    stats: dict[str, float] = {"requests": 0.0, "open": 0.0, "pairs": 0.0}
    if not (len(new) and new.active.any() and located.any()):
        return BatchResult(top_ids, top_keys, 0, stats)
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else 2
    parts = groups or max(1, min(2, cores, n // 50_000))
    clock = time.process_time()
    with ThreadPoolExecutor(max_workers=2) as pool:
        lists_f = pool.submit(_Lists, new)
        scorer_f = pool.submit(_Scorer, new, people, radius)
        places, place_of = _places_of(people.xyz)
        lists, scorer = lists_f.result(), scorer_f.result()
    stats["ms_setup"] = 1000 * (time.process_time() - clock)
    night = _Night(
        lists,
        scorer,
        people,
        located,
        places,
        place_of,
        prev_keys[:, k - 1] if bar is None else bar,
        k,
        threads=1 if parts > 1 else 2,
    )
    # the people in ``parts`` groups of whole places (places are sorted west to east), each
    # group updated in a thread of its own: the work is numpy and KD-tree searches, which
    # run without the GIL
    per_place = np.bincount(place_of, minlength=len(places))
    cut = np.searchsorted(np.cumsum(per_place), np.arange(1, parts) * n / parts)
    group = np.searchsorted(cut, place_of, side="right")
    if parts == 1:
        results = [night.run(np.arange(n), top_ids, top_keys)]
    else:
        with ThreadPoolExecutor(max_workers=parts) as pool:
            results = list(
                pool.map(
                    lambda g: night.run(np.flatnonzero(group == g), top_ids, top_keys),
                    range(parts),
                )
            )
    for part_stats in results:
        for name, value in part_stats.items():
            stats[name] = stats.get(name, 0.0) + value
    return BatchResult(top_ids, top_keys, 0, stats)


def _by_person_key_row(
    person: NDArray[np.int64], row: NDArray[np.int64], keys: NDArray[np.int64], n: int
) -> tuple[NDArray[np.int64], NDArray[np.int64], NDArray[np.int64]]:
    """The pairs sorted by person, key descending, row: one sort of integers where person,
    key and row fit in 63 bits, else a lexsort."""
    row_bits = int(row.max(initial=0)).bit_length()
    key_bits = int(engine.SCORE_SCALE * 2).bit_length()
    if int(n).bit_length() + key_bits + row_bits <= 63:
        composite = (((person << key_bits) | (engine.SCORE_SCALE * 2 - keys)) << row_bits) | row
        composite.sort()
        row = composite & ((1 << row_bits) - 1)
        keys = engine.SCORE_SCALE * 2 - ((composite >> row_bits) & ((1 << key_bits) - 1))
        return composite >> (row_bits + key_bits), row, keys
    order = np.lexsort((row, -keys, person))
    return person[order], row[order], keys[order]


class _Night:
    """One nightly update's shared parts (lists of new offers, scorer, places, the bar per
    person); ``run`` does the update for a group of people."""

    def __init__(
        self,
        lists: _Lists,
        scorer: _Scorer,
        people: PersonArrays,
        located: NDArray[np.bool_],
        places: NDArray[np.float64],
        place_of: NDArray[np.int64],
        kth: NDArray[np.int64],
        k: int,
        threads: int,
    ) -> None:
        self.lists, self.scorer, self.people, self.located = lists, scorer, people, located
        self.places, self.place_of, self.kth, self.k = places, place_of, kth, k
        self.threads = threads

    def run(
        self, mine: NDArray[np.int64], top_ids: NDArray[np.int64], top_keys: NDArray[np.int64]
    ) -> dict[str, float]:
        """Merges the new offers that reach their bar into the top lists (``top_ids``,
        ``top_keys``: the lists before, changed in place) of the people ``mine`` (sorted row
        numbers; no other thread writes their rows); returns stats."""
        lists, scorer, people, k = self.lists, self.scorer, self.people, self.k
        kth = self.kth
        stats: dict[str, float] = {}
        clock = [time.thread_time()]

        def lap(name: str) -> None:  # CPU ms per phase of this thread, summed over groups
            now = time.thread_time()
            stats[f"ms_{name}"] = 1000 * (now - clock[0])
            clock[0] = now

        req_person, req_list, req_tier = [], [], []
        # a list can only matter where even an offer next door with the person's best
        # other parts reaches the k-th key before (per person and tier: most group, area
        # and "all" lists drop out here)
        kth_m = kth[mine]
        located = self.located[mine]
        with np.errstate(invalid="ignore"):
            best_near = scorer.best_rest[mine] + engine.W_DIST
        interest_occ = people.interest_occ.take(mine, axis=0)
        # the wishes' occupations, KldB groups and areas (the scorer's, -1 for no wish)
        of_kind = {
            "occ": interest_occ,
            "group": scorer.i_group.take(mine, axis=0),
            "area": scorer.i_area.take(mine, axis=0),
        }
        for kind in KINDS:
            reachable = located & (
                (engine.W_OCC * TIER[kind] + best_near) * engine.SCORE_SCALE + 2 >= kth_m
            )
            values = [of_kind[kind][:, j].astype(np.int64) for j in range(MAX_INTERESTS)]
            for j in range(MAX_INTERESTS):
                valid = reachable & (interest_occ[:, j] >= 0)
                for earlier in values[:j]:  # two wishes of one group ask its list once
                    valid &= values[j] != earlier
                asking = np.flatnonzero(valid)
                list_id = lists.ids_of(kind, values[j][asking])
                found = list_id >= 0
                req_person.append(mine[asking[found]])
                req_list.append(list_id[found])
                req_tier.append(np.full(int(found.sum()), TIER[kind], np.float64))
        has_interest = interest_occ[:, 0] >= 0
        tier_all = np.where(has_interest, engine.OCC_OTHER, engine.OCC_ANY).astype(np.float64)
        sel = np.flatnonzero(
            located & ((engine.W_OCC * tier_all + best_near) * engine.SCORE_SCALE + 2 >= kth_m)
        )
        req_person.append(mine[sel])
        req_list.append(np.full(len(sel), lists.all_id))
        req_tier.append(tier_all[sel])
        person_r = np.concatenate(req_person)
        list_r = np.concatenate(req_list)
        tier_r = np.concatenate(req_tier)
        stats["requests"] = float(len(person_r))
        lap("requests")
        # the k-th key before is the bar: the distance inside which each list must be read
        open_, chord_r = _reach(scorer, person_r, tier_r, scorer.best_rest[person_r], kth)
        person_r, list_r, tier_r = person_r[open_], list_r[open_], tier_r[open_]
        stats["open"] = float(len(person_r))
        if not len(person_r):
            return stats
        # short distances (most): one search per place over all new offers; the rest: one
        # search per (list, place) in the list's tree
        short = chord_r <= SHORT_CHORD
        lap("slots")
        places, place_of = self.places, self.place_of
        req_a, row_a = _pairs_by_place(
            lists, lists.offers, places, place_of, person_r, list_r, chord_r, short
        )
        lap("queries")
        req_b, row_b = _pairs_by_slot(
            lists, places, place_of, person_r, list_r, chord_r, ~short, self.threads
        )
        lap("queries_far")
        req = np.concatenate([req_a, req_b])
        row = np.concatenate([row_a, row_b])
        stats["pairs"] = float(len(req))
        stats["short"] = float(short.sum())
        person = person_r[req]
        keys, part = scorer.keys(person, row)
        keys[part != tier_r[req]] = -1
        lap("scores")
        # only what reaches the person's k-th key before can enter (ties go by offer id)
        keep = (keys >= 0) & (keys >= kth[person])
        person, row, keys = person[keep], row[keep], keys[keep]
        if not len(person):
            return stats
        # the best k new ones of each person who got any, merged with the top k before
        person, row, keys = _by_person_key_row(person, row, keys, len(people.ids))
        start = np.flatnonzero(np.diff(person, prepend=-1))
        who = person[start]
        rank = np.arange(len(person)) - np.repeat(start, np.diff(np.append(start, len(person))))
        best = rank < k
        local = np.searchsorted(who, person[best])
        new_ids = np.full((len(who), k), -1, np.int64)
        new_keys = np.full((len(who), k), -1, np.int64)
        new_ids[local, rank[best]] = lists.offers.ids[row[best]]
        new_keys[local, rank[best]] = keys[best]
        top_ids[who], top_keys[who] = merge_top(
            top_ids.take(who, axis=0), top_keys.take(who, axis=0), new_ids, new_keys, k
        )
        stats["people_with_new"] = float(len(who))
        lap("merge")
        return stats
