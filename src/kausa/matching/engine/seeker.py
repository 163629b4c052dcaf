"""Who is looking (Seeker) and what comes back (Match with its Reasons)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, NamedTuple

from kausa.matching.engine.geometry import unit_vectors
from kausa.matching.engine.weights import UNKNOWN


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
    start_from: int | None = None  # hard filter: starts on or after (date.toordinal())
    start_until: int | None = None  # hard filter: starts on or before (date.toordinal())

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
