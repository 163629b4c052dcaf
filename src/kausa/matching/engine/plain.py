"""The plain reference ranker (pure Python, for tests and the benchmark)."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

from kausa.matching.engine.geometry import chord_for_km
from kausa.matching.engine.parts import (
    certificate_part_py,
    distance_part_py,
    german_part_py,
    occupation_part_py,
    start_part_py,
    total_py,
)
from kausa.matching.engine.seeker import Seeker
from kausa.matching.engine.weights import EARTH_RADIUS_KM


def rank_plain(
    offers: Sequence[dict[str, Any]],
    seeker: Seeker,
    *,
    k: int = 20,
    point: tuple[float, float, float] | None = None,
    order: str = "score",
) -> list[tuple[int, int, float]]:
    """A straightforward loop over every offer: (offer id, score key, chord), best first
    (``order`` "distance": nearest first, "start": earliest start first; ties by score)."""
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
        if seeker.start_from is not None and o["start"] < seeker.start_from:
            continue
        if seeker.start_until is not None and o["start"] > seeker.start_until:
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
        if order == "distance":
            first = round(chord * EARTH_RADIUS_KM * 1000.0)
        elif order == "start":
            first = o["start"]
        else:
            first = 0
        scored.append((first, -key, o["id"], chord))
    scored.sort()
    return [(oid, -neg, chord) for _first, neg, oid, chord in scored[:k]]
