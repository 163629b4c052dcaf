"""Explanations: the parts of a score and a machine-readable reason for each."""

from __future__ import annotations

from typing import Any

from kausa.matching.engine.parts import (
    certificate_part_py,
    distance_part_py,
    german_part_py,
    occupation_part_py,
    start_part_py,
)
from kausa.matching.engine.seeker import Reason, Seeker
from kausa.matching.engine.weights import (
    CERT_MEETS,
    CERT_NAMES,
    EARTH_RADIUS_KM,
    FOREIGN_UNRECOGNISED,
    GER_MEETS,
    GERMAN_LEVELS,
    OCC_ANY,
    OCC_AREA,
    OCC_EXACT,
    OCC_GROUP,
    START_FITS,
    UNKNOWN,
)

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


def compose(
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
    return compose(static, float(chord))


def seeker_dict(seeker: Seeker) -> dict[str, Any]:
    return {
        "interests": seeker.interests,
        "german_rank": seeker.german_rank,
        "cert_rank": seeker.cert_rank,
        "available_from": seeker.available_from,
    }
