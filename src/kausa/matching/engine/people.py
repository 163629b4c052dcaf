"""The reverse direction: one offer, ranked young people."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, fields
from typing import Any

import numpy as np
from numpy.typing import NDArray

from kausa.matching.engine.explanations import explain
from kausa.matching.engine.geometry import chord_for_km, km_of_chord, unit_vectors
from kausa.matching.engine.parts import (
    certificate_part_np,
    distance_part_np,
    german_part_np,
    occupation_part_np,
    start_part_np,
    total_np,
)
from kausa.matching.engine.ranker import top_k
from kausa.matching.engine.seeker import Match
from kausa.matching.engine.weights import (
    GERMAN_RANK,
    MAX_INTERESTS,
    PERSON_CERT_RANK,
    SCORE_SCALE,
    UNKNOWN,
    FloatArray,
    IntArray,
)


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

    def subset(self, rows: NDArray[Any]) -> PersonArrays:
        """The people of ``rows`` (a mask or row numbers), in that order."""
        return PersonArrays(**{f.name: getattr(self, f.name)[rows] for f in fields(self)})

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
