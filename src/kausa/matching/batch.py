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

from collections import defaultdict
from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray
from scipy.spatial import cKDTree

from kausa.matching import engine
from kausa.matching.engine import MAX_INTERESTS, OfferArrays, OfferIndex, PersonArrays, Seeker

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
    offers: OfferArrays, people: PersonArrays, *, radius_km: float = 30.0
) -> tuple[NDArray[np.bool_], NDArray[np.bool_]]:
    """(person has a suitable offer, offer has a suitable person), exact, in blocks."""
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
    return person_ok, offer_ok


# --- national batch ------------------------------------------------------------------------


@dataclass
class BatchResult:
    top_ids: NDArray[np.int64]  # (n_people, k) offer ids, -1 where fewer than k
    top_keys: NDArray[np.int64]  # (n_people, k) score keys, -1 where fewer than k
    fallbacks: int = 0
    stats: dict[str, float] = field(default_factory=dict)


class _Trees:
    """KD-trees over the active offers of one occupation / group / area / everything."""

    def __init__(self, offers: OfferArrays) -> None:
        self.offers = offers
        self.active = np.flatnonzero(offers.active)
        self.rows: dict[tuple[str, int], NDArray[np.int64]] = {}
        self.trees: dict[tuple[str, int], cKDTree] = {}
        for kind, column in (
            ("occ", offers.occupation),
            ("group", offers.group),
            ("area", offers.area),
        ):
            values = column[self.active]
            order = np.argsort(values, kind="stable")
            sorted_values = values[order]
            cuts = np.flatnonzero(np.diff(sorted_values)) + 1
            for chunk in np.split(order, cuts):
                if len(chunk):
                    self.rows[(kind, int(values[chunk[0]]))] = self.active[chunk]
        self.rows[("all", 0)] = self.active

    def tree(self, key: tuple[str, int]) -> cKDTree:
        if key not in self.trees:
            self.trees[key] = cKDTree(self.offers.xyz[self.rows[key]])
        return self.trees[key]


KINDS = ("occ", "group", "area")
CONTAINS = {"occ": ("occ", "group", "area"), "group": ("group", "area"), "area": ("area",)}
CAP = {"occ": engine.OCC_EXACT, "group": engine.OCC_GROUP, "area": engine.OCC_AREA}


def _interest_values(people: PersonArrays, kind: str, j: int) -> NDArray[np.int64]:
    if kind == "occ":
        return people.interest_occ[:, j].astype(np.int64)
    divisor = 100 if kind == "group" else 10000
    return (people.interest_kldb[:, j] // divisor).astype(np.int64)


@dataclass
class _Found:
    """K nearest offer rows per distinct place for one tree, and the K-th distance."""

    place_pos: NDArray[np.int64]  # place -> row in rows/last, -1 when not queried
    rows: NDArray[np.int64]  # (queried places, K), -1 padding
    last: NDArray[np.float64]  # K-th distance, inf when fewer than K inside the radius


def _query(
    trees: _Trees,
    key: tuple[str, int],
    places: NDArray[np.float64],
    wanted: NDArray[np.int64],
    neighbours: int,
    max_chord: float,
    workers: int,
) -> _Found:
    members = trees.rows[key]
    kk = min(neighbours, len(members))
    dist, idx = trees.tree(key).query(
        places[wanted], k=kk, distance_upper_bound=max_chord, workers=workers
    )
    dist, idx = dist.reshape(len(wanted), kk), idx.reshape(len(wanted), kk)
    inside = idx < len(members)
    rows = np.where(inside, members[np.where(inside, idx, 0)], -1)
    full = inside[:, -1] & (kk == neighbours)
    last = np.where(full, dist[:, -1], np.inf)
    place_pos = np.full(len(places), -1, np.int64)
    place_pos[wanted] = np.arange(len(wanted))
    return _Found(place_pos, rows, last)


def _pair_keys(
    offers: OfferArrays,
    people: PersonArrays,
    person: NDArray[np.int64],
    row: NDArray[np.int64],
    radius: NDArray[np.float64],
) -> NDArray[np.int64]:
    """Score keys of (person, offer row) pairs, -1 where a hard filter fails (as the engine)."""
    d = offers.xyz[row] - people.xyz[person]
    chord = np.sqrt(d[:, 0] * d[:, 0] + d[:, 1] * d[:, 1] + d[:, 2] * d[:, 2])
    occ = engine.occupation_part_np(
        offers.occupation[row],
        offers.kldb[row],
        [people.interest_occ[person, j] for j in range(MAX_INTERESTS)],
        [people.interest_kldb[person, j] for j in range(MAX_INTERESTS)],
    )
    keys = engine.total_np(
        occ,
        engine.distance_part_np(chord),
        engine.german_part_np(
            people.german_rank[person].astype(np.int64), offers.german_rank[row].astype(np.int64)
        ),
        engine.certificate_part_np(
            people.cert_rank[person].astype(np.int64), offers.cert_rank[row].astype(np.int64)
        ),
        engine.start_part_np(people.available_from[person], offers.start[row]),
    )
    return np.where(chord <= radius[person] / engine.EARTH_RADIUS_KM, keys, -1)


def national_top_k(
    offers: OfferArrays,
    people: PersonArrays,
    *,
    radius_km: NDArray[np.float64] | float,
    k: int = 10,
    neighbours: int = 24,
    workers: int = -1,
    chunk: int = 50_000,
) -> BatchResult:
    """Every person's exact top k (the same as OfferIndex.rank gives), see the module doc."""
    if len(offers) >= 1 << 21:
        raise ValueError("the composite sort key holds up to 2,097,151 offers")
    n = len(people.ids)
    radius = np.ascontiguousarray(np.broadcast_to(np.asarray(radius_km, np.float64), (n,)))
    trees = _Trees(offers)
    located = ~np.isnan(people.xyz[:, 0])
    places, place_of = np.unique(np.nan_to_num(people.xyz, nan=2.0), axis=0, return_inverse=True)
    place_of = place_of.reshape(-1).astype(np.int64)
    max_chord = engine.chord_for_km(float(radius.max(initial=0.0))) * (1 + 1e-9)

    # one bulk KD-tree query per tree, for the distinct places that need it
    found: dict[tuple[str, int], _Found] = {}
    wanted_by_key: dict[tuple[str, int], list[NDArray[np.int64]]] = defaultdict(list)
    for kind in KINDS:
        for j in range(MAX_INTERESTS):
            valid = located & (people.interest_occ[:, j] >= 0)
            values = _interest_values(people, kind, j)[valid]
            pairs = np.unique(np.stack([values, place_of[valid]], axis=1), axis=0)
            cuts = np.flatnonzero(np.diff(pairs[:, 0])) + 1
            for block in np.split(pairs, cuts):
                if len(block) and (kind, int(block[0, 0])) in trees.rows:
                    wanted_by_key[(kind, int(block[0, 0]))].append(block[:, 1])
    wanted_by_key[("all", 0)].append(np.unique(place_of[located]))
    for key, parts in wanted_by_key.items():
        if key in trees.rows and len(trees.rows[key]):
            wanted = np.unique(np.concatenate(parts))
            found[key] = _query(trees, key, places, wanted, neighbours, max_chord, workers)

    top_ids = np.full((n, k), -1, np.int64)
    top_keys = np.full((n, k), -1, np.int64)
    need_fallback = np.zeros(n, np.bool_)
    for lo in range(0, n, chunk):
        hi = min(n, lo + chunk)
        _chunk(
            offers,
            people,
            found,
            place_of,
            radius,
            located,
            lo,
            hi,
            k,
            top_ids,
            top_keys,
            need_fallback,
        )
    fallback = np.flatnonzero(need_fallback)
    if len(fallback):
        index = OfferIndex(offers)
        for i in fallback:
            matches = index.rank(
                person_seeker(people, int(i), float(radius[i])),
                k=k,
                point=person_point(people, int(i)),
            )
            top_ids[i] = -1
            top_keys[i] = -1
            for col, m in enumerate(matches):
                top_ids[i, col] = m.offer_id
                top_keys[i, col] = round(m.score * engine.SCORE_SCALE)
    return BatchResult(top_ids, top_keys, len(fallback))


def _chunk(
    offers: OfferArrays,
    people: PersonArrays,
    found: dict[tuple[str, int], _Found],
    place_of: NDArray[np.int64],
    radius: NDArray[np.float64],
    located: NDArray[np.bool_],
    lo: int,
    hi: int,
    k: int,
    top_ids: NDArray[np.int64],
    top_keys: NDArray[np.int64],
    need_fallback: NDArray[np.bool_],
) -> None:
    size = hi - lo
    local = np.arange(lo, hi)
    cand_person: list[NDArray[np.int64]] = []
    cand_row: list[NDArray[np.int64]] = []
    # beyond[kind][p, j]: K-th distance of that tier (inf: exhausted inside the radius)
    beyond = {kind: np.full((size, MAX_INTERESTS), np.nan) for kind in KINDS}

    def take(key: tuple[str, int], persons: NDArray[np.int64]) -> NDArray[np.float64]:
        f = found.get(key)
        if f is None:  # no active offer in this tree at all
            return np.full(len(persons), np.inf)
        pos = f.place_pos[place_of[persons]]
        rows = f.rows[pos]
        cand_person.append(np.repeat(persons, rows.shape[1]))
        cand_row.append(rows.reshape(-1))
        return f.last[pos]

    for kind in KINDS:
        for j in range(MAX_INTERESTS):
            valid = located[lo:hi] & (people.interest_occ[lo:hi, j] >= 0)
            values = _interest_values(people, kind, j)[lo:hi]
            for value in np.unique(values[valid]):
                sel = np.flatnonzero(valid & (values == value))
                beyond[kind][sel, j] = take((kind, int(value)), local[sel])
    beyond_all = np.full(size, np.inf)
    sel = np.flatnonzero(located[lo:hi])
    beyond_all[sel] = take(("all", 0), local[sel])

    person = np.concatenate(cand_person) if cand_person else np.zeros(0, np.int64)
    row = np.concatenate(cand_row) if cand_row else np.zeros(0, np.int64)
    keep = row >= 0
    person, row = person[keep], row[keep]
    keys = _pair_keys(offers, people, person, row, radius)
    keep = keys >= 0
    person, row, keys = person[keep], row[keep], keys[keep]
    # one sortable integer: person, then score descending, then row (= offer id) ascending
    composite = ((person - lo) << 42) | ((engine.SCORE_SCALE * 2 - keys) << 21) | row
    composite = np.unique(composite)  # sorts and drops the same offer reached twice
    p_local = composite >> 42
    first = np.searchsorted(p_local, np.arange(size))
    rank = np.arange(len(composite)) - first[p_local]
    best = rank < k
    p_best, r_best = p_local[best], rank[best]
    rows_best = composite[best] & ((1 << 21) - 1)
    keys_best = engine.SCORE_SCALE * 2 - ((composite[best] >> 21) & ((1 << 21) - 1))
    top_ids[lo + p_best, r_best] = offers.ids[rows_best]
    top_keys[lo + p_best, r_best] = keys_best

    bound = _bounds(people, beyond, beyond_all, radius[lo:hi], lo, hi)
    kth = top_keys[lo:hi, k - 1]
    need_fallback[lo:hi] = located[lo:hi] & (kth <= bound)


def _bounds(
    people: PersonArrays,
    beyond: dict[str, NDArray[np.float64]],
    beyond_all: NDArray[np.float64],
    radius: NDArray[np.float64],
    lo: int,
    hi: int,
) -> NDArray[np.float64]:
    """Per person: the highest score key an unseen offer could have (-inf: none can exist).

    An unseen offer of a class (exact / group / area) lies beyond the K-th neighbour of every
    tier that contains that class, and beyond the K-th of the tier of all offers."""
    max_chord = radius / engine.EARTH_RADIUS_KM
    has_interest = people.interest_occ[lo:hi, 0] >= 0

    def score(chord: NDArray[np.float64], occ: float | NDArray[np.float64]) -> NDArray[np.float64]:
        finite = np.isfinite(chord) & (chord <= max_chord)
        safe = np.where(finite, chord, 0.0)
        value = engine.W_OCC * occ + engine.W_DIST * engine.distance_part_np(safe)
        return np.where(finite, value + engine.REST_MAX, -np.inf)

    best = score(beyond_all, np.where(has_interest, engine.OCC_OTHER, engine.OCC_ANY))
    for cls, tiers in CONTAINS.items():
        for j in range(MAX_INTERESTS):
            chord = beyond_all.copy()
            for tier in tiers:
                chord = np.fmax(chord, beyond[tier][:, j])  # fmax: NaN (no interest) ignored
            exists = ~np.isnan(beyond[cls][:, j])
            best = np.where(exists, np.maximum(best, score(chord, CAP[cls])), best)
    return np.where(np.isfinite(best), best * engine.SCORE_SCALE + 2, -np.inf)


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
