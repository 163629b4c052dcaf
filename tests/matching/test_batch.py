"""The batch paths (no database): national top k equals the per-person ranker; mismatch."""

from __future__ import annotations

import random

import numpy as np
import pytest

from kausa.matching import batch, engine
from kausa.matching.engine import OfferArrays, OfferIndex, PersonArrays
from tests.matching.test_engine import (
    BERLIN,
    BUERO,
    INDUSTRIEMECH,
    KAROSSERIE,
    KFZ,
    TODAY,
    _random_rows,
)

OCCS = [KFZ, KAROSSERIE, INDUSTRIEMECH, BUERO, (5, 71302), (6, 82102)]


def _people(rng: random.Random, n: int) -> PersonArrays:
    rows = []
    for pid in range(1, n + 1):
        located = rng.random() < 0.95
        rows.append(
            (
                pid,
                round(BERLIN[0] + rng.uniform(-0.4, 0.4), 2) if located else None,
                round(BERLIN[1] + rng.uniform(-0.6, 0.6), 2) if located else None,
                rng.sample(OCCS, rng.randint(0, 3)),
                rng.choice(engine.GERMAN_LEVELS),
                rng.choice(list(engine.PERSON_CERT_RANK)),
                TODAY,
            )
        )
    return PersonArrays.from_rows(rows)


@pytest.mark.parametrize(
    ("seed", "neighbours", "chunk"), [(1, 2, 10_000), (2, 4, 37), (3, 16, 10_000), (4, 1, 50)]
)
def test_national_top_k_equals_the_per_person_ranker(seed, neighbours, chunk):
    rng = random.Random(seed)
    offers = OfferArrays.from_rows(_random_rows(rng, 2000))
    people = _people(rng, 300)
    radius = np.where(np.arange(300) % 2 == 0, 30.0, 50.0)
    result = batch.national_top_k(
        offers, people, radius_km=radius, k=10, neighbours=neighbours, chunk=chunk
    )
    index = OfferIndex(offers)
    for i in range(len(people.ids)):
        if np.isnan(people.xyz[i, 0]):
            assert (result.top_ids[i] == -1).all()
            continue
        expected = index.rank(
            batch.person_seeker(people, i, float(radius[i])),
            k=10,
            point=batch.person_point(people, i),
        )
        got = [int(x) for x in result.top_ids[i] if x >= 0]
        assert got == [m.offer_id for m in expected], i
    assert 0 <= result.fallbacks <= len(people.ids)


def test_mismatch_marks_people_and_offers_without_a_suitable_partner():
    def offer(oid, lat, occ, german="none"):
        return (oid, lat, BERLIN[1], occ[0], f"{occ[1]:05d}", "none", german, TODAY, 1, True)

    offers = OfferArrays.from_rows(
        [
            offer(1, BERLIN[0], KFZ),
            offer(2, BERLIN[0], BUERO, german="C2"),
            offer(3, BERLIN[0] + 2, KFZ),  # ~220 km away
        ]
    )
    people = PersonArrays.from_rows(
        [
            (10, BERLIN[0], BERLIN[1], [KAROSSERIE], "B1", "first", TODAY),  # group fits offer 1
            (11, BERLIN[0], BERLIN[1], [BUERO], "B1", "first", TODAY),  # German gap too big
            (12, BERLIN[0], BERLIN[1], [], "A1", "first", TODAY),  # any occupation: offer 1
            (13, None, None, [KFZ], "B1", "first", TODAY),  # no place
        ]
    )
    person_ok, offer_ok = batch.mismatch(offers, people, radius_km=30)
    assert person_ok.tolist() == [True, False, True, False]
    assert offer_ok.tolist() == [True, False, False]


def _people_with_gaps(rng: random.Random, n: int) -> PersonArrays:
    """People as _people, some of unknown German, some with two interests in one group."""
    rows = []
    for pid in range(1, n + 1):
        located = rng.random() < 0.95
        interests = rng.sample(OCCS, rng.randint(0, 3))
        if interests and rng.random() < 0.2:
            interests.append(KAROSSERIE if interests[0] == KFZ else interests[0])
            interests = interests[:3]
        rows.append(
            (
                pid,
                round(BERLIN[0] + rng.uniform(-0.4, 0.4), 3) if located else None,
                round(BERLIN[1] + rng.uniform(-0.6, 0.6), 3) if located else None,
                interests,
                rng.choice([*engine.GERMAN_LEVELS, "", ""]),
                rng.choice(list(engine.PERSON_CERT_RANK)),
                TODAY,
            )
        )
    return PersonArrays.from_rows(rows)


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize("radius_km", [1.0, 4.0, 30.0])
def test_mismatch_by_trees_equals_every_pair_compared(seed, radius_km):
    rng = random.Random(seed)
    rows = _random_rows(rng, 1500)
    for i in range(0, 60, 3):  # offers without a place are never within reach
        rows[i] = (rows[i][0], None, None, *rows[i][3:])
    offers = OfferArrays.from_rows(rows)
    people = _people_with_gaps(rng, 700)
    person_ok, offer_ok = batch.mismatch(offers, people, radius_km=radius_km)
    dense_person, dense_offer = batch.mismatch_dense(offers, people, radius_km=radius_km)
    assert person_ok.tolist() == dense_person.tolist()
    assert offer_ok.tolist() == dense_offer.tolist()
    if radius_km == 4.0:  # the case is not trivial: some of each, both ways
        assert 0 < person_ok.sum() < len(person_ok) and 0 < offer_ok.sum() < len(offer_ok)


def test_mismatch_reports_progress_up_to_the_end_and_handles_empty_sides():
    rng = random.Random(9)
    offers = OfferArrays.from_rows(_random_rows(rng, 300))
    people = _people_with_gaps(rng, 100)
    shares: list[float] = []
    batch.mismatch(offers, people, radius_km=5.0, progress=shares.append)
    assert shares and shares == sorted(shares) and shares[-1] == 1.0
    nobody = _people_with_gaps(rng, 0)
    person_ok, offer_ok = batch.mismatch(offers, nobody)
    assert len(person_ok) == 0 and not offer_ok.any()


def test_an_occupation_with_two_groups_in_the_data_is_compared_pair_by_pair(monkeypatch):
    """The trees rely on one KldB group per occupation; data that breaks it (never from one
    catalogue) gets the exact pair-by-pair answer."""
    rng = random.Random(3)
    rows = _random_rows(rng, 400)
    rows[0] = (*rows[0][:3], KFZ[0], "99999", *rows[0][5:])  # KFZ's id with another group
    offers = OfferArrays.from_rows(rows)
    people = _people_with_gaps(rng, 150)
    calls = []
    dense = batch.mismatch_dense
    monkeypatch.setattr(batch, "mismatch_dense", lambda *a, **k: calls.append(1) or dense(*a, **k))
    person_ok, offer_ok = batch.mismatch(offers, people, radius_km=5.0)
    assert calls == [1]
    expected = dense(offers, people, radius_km=5.0)
    assert person_ok.tolist() == expected[0].tolist()
    assert offer_ok.tolist() == expected[1].tolist()


def test_mismatch_agrees_with_the_scan_on_the_boundary_and_at_radius_zero():
    """A radius exactly at a pair's distance (and one float step either side), and 0 km for
    people living where the offer is: the trees decide as the scan's formula does."""
    rng = np.random.default_rng(2)
    for _ in range(60):
        lat1, lat2 = rng.uniform(52, 52.6, 2)
        lon1, lon2 = rng.uniform(13, 13.6, 2)
        offers = OfferArrays.from_rows(
            [(1, lat1, lon1, 1, "25212", "none", "none", TODAY, 1, True)]
        )
        people = PersonArrays.from_rows([(1, lat2, lon2, [(1, 25212)], "", "", TODAY)])
        d = offers.xyz[0] - people.xyz[0]
        km = float(np.sqrt((d * d).sum())) * engine.EARTH_RADIUS_KM
        for radius in (np.nextafter(km, 0), km, np.nextafter(km, np.inf)):
            trees = batch.mismatch(offers, people, radius_km=float(radius))
            scan = batch.mismatch_dense(offers, people, radius_km=float(radius))
            assert [a.tolist() for a in trees] == [b.tolist() for b in scan], radius
    same_place = PersonArrays.from_rows([(1, 52.5, 13.4, [(1, 25212)], "", "", TODAY)])
    here = OfferArrays.from_rows([(1, 52.5, 13.4, 1, "25212", "none", "none", TODAY, 1, True)])
    trees = batch.mismatch(here, same_place, radius_km=0.0)
    assert [a.tolist() for a in trees] == [[True], [True]]
    scan = batch.mismatch_dense(here, same_place, radius_km=0.0)
    assert [a.tolist() for a in scan] == [[True], [True]]
