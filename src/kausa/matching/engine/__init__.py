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

The package, one module per part: ``weights`` (the scale), ``geometry`` (unit vectors,
chords), ``offers`` (OfferArrays), ``seeker`` (Seeker, Reason, Match), ``parts`` (the score
parts, numpy and plain), ``explanations``, ``grid`` and ``ranker`` (the fast ranker,
OfferIndex, top_k), ``plain`` (the reference loop), ``people`` (one offer, ranked people).
Everything a caller needs is re-exported here: ``from kausa.matching.engine import X``.
"""

from __future__ import annotations

from kausa.matching.engine.explanations import (
    OCC_CODES,
    compose,
    explain,
    explain_static,
    seeker_dict,
)
from kausa.matching.engine.geometry import chord_for_km, km_of_chord, unit_vectors
from kausa.matching.engine.grid import GRID_CELL_DEG, Grid
from kausa.matching.engine.offers import OfferArrays
from kausa.matching.engine.parts import (
    certificate_part_np,
    certificate_part_py,
    distance_part_np,
    distance_part_py,
    german_part_np,
    german_part_py,
    occupation_part_np,
    occupation_part_py,
    start_part_np,
    start_part_py,
    total_np,
    total_py,
)
from kausa.matching.engine.people import PersonArrays, rank_people
from kausa.matching.engine.plain import rank_plain
from kausa.matching.engine.ranker import ORDERS, OfferIndex, metres, top_k
from kausa.matching.engine.seeker import Match, Reason, Seeker
from kausa.matching.engine.weights import (
    CERT_FAR_SHORT,
    CERT_MEETS,
    CERT_NAMES,
    CERT_ONE_SHORT,
    CERT_RECOGNITION,
    CERT_UNKNOWN,
    DIST_H2,
    DIST_HALF_KM,
    EARTH_RADIUS_KM,
    FOREIGN_UNRECOGNISED,
    GER_BSK,
    GER_MEETS,
    GER_UNKNOWN,
    GERMAN_LEVELS,
    GERMAN_RANK,
    MAX_INTERESTS,
    OCC_ANY,
    OCC_AREA,
    OCC_EXACT,
    OCC_GROUP,
    OCC_OTHER,
    PERSON_CERT_RANK,
    REQUIRED_CERT_RANK,
    REST_MAX,
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
    WEIGHTS,
    FloatArray,
    IntArray,
)

__all__ = [
    "CERT_FAR_SHORT",
    "CERT_MEETS",
    "CERT_NAMES",
    "CERT_ONE_SHORT",
    "CERT_RECOGNITION",
    "CERT_UNKNOWN",
    "DIST_H2",
    "DIST_HALF_KM",
    "EARTH_RADIUS_KM",
    "FOREIGN_UNRECOGNISED",
    "GERMAN_LEVELS",
    "GERMAN_RANK",
    "GER_BSK",
    "GER_MEETS",
    "GER_UNKNOWN",
    "GRID_CELL_DEG",
    "MAX_INTERESTS",
    "OCC_ANY",
    "OCC_AREA",
    "OCC_CODES",
    "OCC_EXACT",
    "OCC_GROUP",
    "OCC_OTHER",
    "ORDERS",
    "PERSON_CERT_RANK",
    "REQUIRED_CERT_RANK",
    "REST_MAX",
    "SCORE_SCALE",
    "START_FITS",
    "START_LATER",
    "START_LATE_DAYS",
    "START_WINDOW_DAYS",
    "UNKNOWN",
    "WEIGHTS",
    "W_CERT",
    "W_DIST",
    "W_GER",
    "W_OCC",
    "W_START",
    "FloatArray",
    "Grid",
    "IntArray",
    "Match",
    "OfferArrays",
    "OfferIndex",
    "PersonArrays",
    "Reason",
    "Seeker",
    "certificate_part_np",
    "certificate_part_py",
    "chord_for_km",
    "compose",
    "distance_part_np",
    "distance_part_py",
    "explain",
    "explain_static",
    "german_part_np",
    "german_part_py",
    "km_of_chord",
    "metres",
    "occupation_part_np",
    "occupation_part_py",
    "rank_people",
    "rank_plain",
    "seeker_dict",
    "start_part_np",
    "start_part_py",
    "top_k",
    "total_np",
    "total_py",
    "unit_vectors",
]
