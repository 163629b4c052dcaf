"""The matching engine without a database: ordering, filters, explanations, determinism."""

from __future__ import annotations

import datetime as dt
import random

import numpy as np
import pytest

from kausa.matching import engine
from kausa.matching.engine import OfferArrays, OfferIndex, PersonArrays, Seeker
from kausa.reference.choices import GermanLevel, RequiredCertificate, SchoolCertificate

BERLIN = (52.52, 13.405)
AUG_2027 = dt.date(2027, 8, 1).toordinal()
TODAY = dt.date(2027, 3, 1).toordinal()
KFZ = (1, 25212)  # Kfz-Mechatroniker/in
KAROSSERIE = (2, 25222)  # same Berufsgruppe 252
INDUSTRIEMECH = (3, 25122)  # same Berufsbereich 2, other group
BUERO = (4, 71402)  # other area


def north(km: float) -> tuple[float, float]:
    """A point `km` north of Berlin's centre."""
    return BERLIN[0] + km / 111.2, BERLIN[1]


def row(
    oid: int,
    *,
    km: float = 1.0,
    occ: tuple[int, int] = KFZ,
    cert: str = "none",
    german: str = "none",
    start: int = AUG_2027,
    free: int = 1,
    is_open: bool = True,
) -> tuple:
    lat, lon = north(km)
    return (oid, lat, lon, occ[0], f"{occ[1]:05d}", cert, german, start, free, is_open)


def seeker(**kwargs) -> Seeker:
    defaults = {"lat": BERLIN[0], "lon": BERLIN[1], "available_from": TODAY, "radius_km": 30.0}
    return Seeker(**(defaults | kwargs))


def ids(matches) -> list[int]:
    return [m.offer_id for m in matches]


def codes(match) -> list[str]:
    return [r.code for r in match.reasons]


def test_engine_scales_match_the_django_choices():
    assert list(engine.GERMAN_LEVELS) == [c.value for c in GermanLevel]
    assert set(engine.REQUIRED_CERT_RANK) == {c.value for c in RequiredCertificate}
    assert set(engine.PERSON_CERT_RANK) == {c.value for c in SchoolCertificate}
    assert sum(engine.WEIGHTS.values()) == pytest.approx(1.0)


def test_occupation_fit_orders_exact_over_group_over_area_over_other():
    index = OfferIndex(
        OfferArrays.from_rows(
            [row(1, occ=BUERO), row(2, occ=INDUSTRIEMECH), row(3, occ=KAROSSERIE), row(4)]
        )
    )
    result = index.rank(seeker(interests=(KFZ,)))
    assert ids(result) == [4, 3, 2, 1]
    assert [codes(m)[0] for m in result] == [
        "occupation_exact",
        "occupation_group",
        "occupation_area",
        "occupation_other",
    ]
    assert [m.parts["occupation"] for m in result] == [1.0, 0.6, 0.25, 0.0]


def test_no_interest_scores_every_occupation_alike_and_nearer_wins():
    index = OfferIndex(OfferArrays.from_rows([row(1, km=9, occ=BUERO), row(2, km=3)]))
    result = index.rank(seeker())
    assert ids(result) == [2, 1]
    assert codes(result[0])[0] == "occupation_any"


def test_distance_decays_and_is_reported_in_km():
    index = OfferIndex(OfferArrays.from_rows([row(1, km=20), row(2, km=0.5), row(3, km=12)]))
    result = index.rank(seeker(interests=(KFZ,)))
    assert ids(result) == [2, 3, 1]
    assert result[1].distance_km == pytest.approx(12, abs=0.2)
    assert result[1].reasons[1].code == "distance"
    assert result[1].reasons[1].params["km"] == pytest.approx(12, abs=0.2)
    assert result[0].parts["distance"] > result[1].parts["distance"] > result[2].parts["distance"]
    assert engine.distance_part_py(engine.chord_for_km(15)) == pytest.approx(0.5)


def test_radius_filter_excludes_offers_outside():
    index = OfferIndex(OfferArrays.from_rows([row(1, km=29), row(2, km=31)]))
    assert ids(index.rank(seeker(radius_km=30))) == [1]
    assert ids(index.rank(seeker(radius_km=30), method="scan")) == [1]
    assert ids(index.rank(seeker(radius_km=40))) == [1, 2]


def test_closed_and_full_offers_are_filtered():
    index = OfferIndex(
        OfferArrays.from_rows([row(1), row(2, free=0), row(3, is_open=False), row(4)])
    )
    assert ids(index.rank(seeker())) == [1, 4]
    assert index.count(seeker()) == 2


def test_occupation_and_group_hard_filters():
    index = OfferIndex(OfferArrays.from_rows([row(1), row(2, occ=KAROSSERIE), row(3, occ=BUERO)]))
    assert ids(index.rank(seeker(only_occupations=frozenset({2})))) == [2]
    assert ids(index.rank(seeker(only_group=252))) == [1, 2]


def test_german_one_level_short_is_possible_with_azubi_bsk_two_levels_excluded():
    index = OfferIndex(
        OfferArrays.from_rows([row(1, german="B1"), row(2, german="B2"), row(3, german="C1")])
    )
    result = index.rank(seeker(german_rank=engine.GERMAN_RANK["B1"]))
    assert ids(result) == [1, 2]
    assert result[0].reasons[2].code == "german_meets"
    assert result[1].reasons[2].code == "german_bsk"
    assert result[1].reasons[2].params == {"have": "B1", "need": "B2"}
    assert result[1].parts["german"] == engine.GER_BSK


def test_german_unknown_is_not_excluded_but_asks_to_check():
    index = OfferIndex(OfferArrays.from_rows([row(1, german="C1"), row(2)]))
    result = index.rank(seeker())
    assert ids(result) == [2, 1]
    assert result[1].reasons[2].code == "german_check"
    assert result[0].reasons[2].code == "german_no_requirement"


@pytest.mark.parametrize(
    ("have", "need", "code", "part"),
    [
        ("intermediate", "intermediate", "certificate_meets", 1.0),
        ("abitur", "first", "certificate_meets", 1.0),
        ("first", "intermediate", "certificate_below", 0.4),
        ("none", "abitur", "certificate_below", 0.1),
        ("foreign_unrecognised", "first", "certificate_recognition_advised", 0.5),
        ("foreign_recognised", "intermediate", "certificate_meets", 1.0),
        ("none", "none", "certificate_no_requirement", 1.0),
    ],
)
def test_certificate_part(have, need, code, part):
    index = OfferIndex(OfferArrays.from_rows([row(1, cert=need)]))
    (match,) = index.rank(seeker(cert_rank=engine.PERSON_CERT_RANK[have]))
    assert match.reasons[3].code == code
    assert match.parts["certificate"] == part


@pytest.mark.parametrize(
    ("start", "code", "part"),
    [
        (TODAY + 100, "start_fits", 1.0),
        (TODAY + 400, "start_later", 0.5),
        (TODAY - 30, "start_passed", 0.75),
        (TODAY - 200, "start_passed", 0.0),
    ],
)
def test_start_date_part(start, code, part):
    index = OfferIndex(OfferArrays.from_rows([row(1, start=start)]))
    (match,) = index.rank(seeker())
    assert match.reasons[4].code == code
    assert match.parts["start"] == part


def test_ties_are_broken_by_offer_id_and_results_are_deterministic():
    rows = [row(oid, km=2) for oid in (50, 7, 31, 12)]
    index = OfferIndex(OfferArrays.from_rows(rows))
    first = index.rank(seeker(), k=3)
    assert ids(first) == [7, 12, 31]
    assert ids(index.rank(seeker(), k=3)) == ids(first)
    assert ids(OfferIndex(OfferArrays.from_rows(reversed(rows))).rank(seeker(), k=3)) == [7, 12, 31]


def test_score_is_the_weighted_sum_of_its_parts():
    index = OfferIndex(OfferArrays.from_rows([row(1, km=10, occ=KAROSSERIE, german="B2")]))
    (match,) = index.rank(seeker(interests=(KFZ,), german_rank=3, cert_rank=1))
    expected = sum(engine.WEIGHTS[name] * value for name, value in match.parts.items())
    assert match.score == pytest.approx(expected, abs=1e-6)


def test_empty_index_gives_no_results():
    index = OfferIndex(OfferArrays.empty())
    assert index.rank(seeker()) == []
    assert index.rank(seeker(), method="scan") == []


def _random_rows(rng: random.Random, n: int) -> list[tuple]:
    occupations = [KFZ, KAROSSERIE, INDUSTRIEMECH, BUERO, (5, 71302), (6, 82102)]
    rows = []
    for oid in rng.sample(range(1, 10 * n), n):
        occ = rng.choice(occupations)
        lat = BERLIN[0] + rng.uniform(-0.5, 0.5)
        lon = BERLIN[1] + rng.uniform(-0.7, 0.7)
        rows.append(
            (
                oid,
                # a coarse grid makes exact ties in distance (and so in score) common
                round(lat, 2),
                round(lon, 2),
                occ[0],
                f"{occ[1]:05d}",
                rng.choice(engine.CERT_NAMES),
                rng.choice(engine.GERMAN_LEVELS),
                TODAY + rng.choice([-60, -10, 30, 150, 500]),
                rng.choice([0, 1, 1, 2]),
                rng.random() < 0.9,
            )
        )
    return rows


@pytest.mark.parametrize("seed", range(8))
def test_fast_paths_equal_the_plain_loop_on_random_data(seed):
    rng = random.Random(seed)
    arrays = OfferArrays.from_rows(_random_rows(rng, 3000))
    index = OfferIndex(arrays)
    plain_offers = [arrays.row(i) for i in range(len(arrays))]
    for _ in range(10):
        interests = tuple(rng.sample([KFZ, BUERO, INDUSTRIEMECH, (6, 82102)], rng.randint(0, 3)))
        s = seeker(
            lat=round(BERLIN[0] + rng.uniform(-0.3, 0.3), 2),
            lon=round(BERLIN[1] + rng.uniform(-0.4, 0.4), 2),
            radius_km=rng.choice([0.5, 5, 20, 50, 100]),
            interests=interests,
            german_rank=rng.choice([engine.UNKNOWN, 0, 2, 3, 4]),
            cert_rank=rng.choice([engine.UNKNOWN, *engine.PERSON_CERT_RANK.values()]),
            only_group=rng.choice([None, None, 252]),
        )
        k = rng.choice([1, 10, 20])
        expected = [(oid, key) for oid, key, _ in engine.rank_plain(plain_offers, s, k=k)]
        for method in ("grid", "kdtree", "scan"):
            got = [
                (m.offer_id, round(m.score * engine.SCORE_SCALE))
                for m in index.rank(s, k=k, method=method)
            ]
            assert got == expected, method


@pytest.mark.parametrize("n", [5, 100, 5000])
def test_top_k_equals_a_full_sort_with_many_ties(n):
    rng = np.random.default_rng(n)
    keys = rng.integers(0, 50, n)
    ties = rng.permutation(n)
    for k in (1, 10, 20):
        expected = sorted(range(n), key=lambda i: (-keys[i], ties[i]))[:k]
        assert list(engine.top_k(keys, ties, k)) == expected


@pytest.mark.parametrize("seed", range(3))
def test_patched_index_equals_a_rebuilt_one(seed):
    """Incremental refresh: retire changed rows, search a small delta next to the arrays."""
    rng = random.Random(seed)
    rows = _random_rows(rng, 2000)
    index = OfferIndex(OfferArrays.from_rows(rows))
    changed = rng.sample(rows, 150)
    new_versions = []
    for r in changed[:100]:  # moved, other requirements, or closed
        lat, lon = round(BERLIN[0] + rng.uniform(-0.3, 0.3), 2), r[2]
        new_versions.append((r[0], lat, lon, *r[3:8], rng.choice([0, 1, 2]), rng.random() < 0.8))
    deleted = {r[0] for r in changed[100:]}
    added = [(100_000 + i, *r[1:]) for i, r in enumerate(_random_rows(rng, 80))]
    # ids in no particular order, new ones (beyond every known id) among them
    patched_ids = [r[0] for r in added[:3]] + [r[0] for r in changed] + [r[0] for r in added]
    index.patch(patched_ids, OfferArrays.from_rows(new_versions + added))
    by_id = {r[0]: r for r in rows}
    for r in new_versions + added:
        by_id[r[0]] = r
    for oid in deleted:
        del by_id[oid]
    rebuilt = OfferIndex(OfferArrays.from_rows(by_id.values()))
    assert sorted(index.current_arrays().ids.tolist()) == sorted(by_id)
    for _ in range(10):
        s = seeker(
            lat=round(BERLIN[0] + rng.uniform(-0.3, 0.3), 2),
            radius_km=rng.choice([5, 20, 50]),
            interests=tuple(rng.sample([KFZ, BUERO, INDUSTRIEMECH], rng.randint(0, 2))),
            german_rank=rng.choice([engine.UNKNOWN, 2, 3]),
        )
        expected = [(m.offer_id, m.score) for m in rebuilt.rank(s, k=20)]
        for method in ("grid", "kdtree", "scan"):
            got = index.rank_count(s, k=20, method=method)
            assert [(m.offer_id, m.score) for m in got[0]] == expected, method
            assert got[1] == rebuilt.count(s)


def test_top_k_keeps_all_ties_of_the_kth_key_before_sorting():
    keys = np.array([5, 9, 5, 5, 9, 1])
    rows = np.array([10, 3, 2, 7, 4, 0])
    assert list(rows[engine.top_k(keys, rows, 3)]) == [3, 4, 2]


def test_reverse_direction_ranks_people_for_an_offer():
    people = PersonArrays.from_rows(
        [
            (1, *north(2), [KFZ], "B2", "intermediate", TODAY),
            (2, *north(25), [KFZ], "B2", "intermediate", TODAY),
            (3, *north(1), [BUERO], "B2", "intermediate", TODAY),
            (4, *north(1), [KFZ], "A1", "intermediate", TODAY),  # German gap of 3: excluded
            (5, None, None, [KFZ], "B2", "intermediate", TODAY),  # no postal code
            (6, *north(80), [KFZ], "B2", "intermediate", TODAY),  # too far
        ]
    )
    offer = OfferArrays.from_rows([row(99, km=0, german="B1", cert="first")]).row(0)
    result = engine.rank_people(people, offer, radius_km=50)
    assert [int(people.ids[m.row]) for m in result] == [1, 2, 3]
    assert result[0].reasons[0].code == "occupation_exact"
    assert result[2].reasons[0].code == "occupation_other"
