"""The engine's other orders (nearest first, earliest start first) and the start-date filter:
every offer in the radius is ordered, pages agree with one long list, every method and a
patched index agree with the plain loop."""

from __future__ import annotations

import datetime as dt
import random

import pytest

from kausa.matching.engine import ORDERS, OfferArrays, OfferIndex, rank_plain
from tests.matching.test_engine import AUG_2027, KAROSSERIE, KFZ, row, seeker

SEP_2027 = dt.date(2027, 9, 1).toordinal()
JAN_2028 = dt.date(2028, 1, 15).toordinal()


def ids(matches) -> list[int]:
    return [m.offer_id for m in matches]


def offers() -> OfferIndex:
    return OfferIndex(
        OfferArrays.from_rows(
            [
                row(1, km=12.0, start=JAN_2028),  # best occupation, far, late
                row(2, km=2.0, occ=KAROSSERIE, start=SEP_2027),
                row(3, km=6.0, start=AUG_2027),
                row(4, km=0.5, occ=KAROSSERIE, start=AUG_2027),
                row(5, km=25.0, start=SEP_2027),
            ]
        )
    )


def test_default_order_is_the_score():
    index = offers()
    by_score = index.rank(seeker(interests=(KFZ,)))
    scores = [m.score for m in by_score]
    assert scores == sorted(scores, reverse=True)
    assert ids(index.rank(seeker(interests=(KFZ,)), order="score")) == ids(by_score)


def test_distance_order_puts_the_nearest_first_whatever_the_score():
    matches = offers().rank(seeker(interests=(KFZ,)), order="distance")
    assert ids(matches) == [4, 2, 3, 1, 5]
    assert [m.distance_km for m in matches] == sorted(m.distance_km for m in matches)
    # the score shown is still the score, not the sort key
    assert all(0 < m.score <= 1 for m in matches)


def test_start_order_puts_the_earliest_start_first_then_the_better_score():
    matches = offers().rank(seeker(interests=(KFZ,)), order="start")
    # August: 3 (the occupation asked for) before 4 (same group, nearer); September: 2
    # (same group, 2 km) before 5 (the occupation, 25 km); January: 1
    assert ids(matches) == [3, 4, 2, 5, 1]
    score = {m.offer_id: m.score for m in matches}
    assert score[3] > score[4] and score[2] > score[5]


def test_start_filter_keeps_only_offers_starting_in_the_window_and_counts_them():
    index = offers()
    matches, count = index.rank_count(seeker(start_from=SEP_2027), k=20)
    assert sorted(ids(matches)) == [1, 2, 5] and count == 3
    matches, count = index.rank_count(seeker(start_until=SEP_2027), k=20)
    assert sorted(ids(matches)) == [2, 3, 4, 5] and count == 4
    matches, count = index.rank_count(
        seeker(start_from=SEP_2027, start_until=SEP_2027), k=20, order="distance"
    )
    assert ids(matches) == [2, 5] and count == 2
    assert index.rank_count(seeker(start_from=JAN_2028 + 1), k=20) == ([], 0)


def test_unknown_order_is_refused():
    with pytest.raises(ValueError, match="order must be one of score, distance, start"):
        offers().rank(seeker(), order="price")


def random_rows(n: int, rng: random.Random) -> list[tuple]:
    starts = [AUG_2027 + d for d in (-40, 0, 0, 31, 62, 120, 365, 500)]
    occupations = [KFZ, KAROSSERIE, (3, 25122), (4, 71402)]
    return [
        row(
            oid,
            km=rng.uniform(0, 45),
            occ=rng.choice(occupations),
            german=rng.choice(["none", "A2", "B1", "B2"]),
            cert=rng.choice(["none", "first", "intermediate"]),
            start=rng.choice(starts),
            free=rng.choice([0, 1, 2]),
        )
        for oid in range(1, n + 1)
    ]


@pytest.mark.parametrize("order", ORDERS)
@pytest.mark.parametrize("method", ["grid", "kdtree", "scan"])
def test_every_method_agrees_with_the_plain_loop_and_pages_agree(order, method):
    rng = random.Random(f"{order}-{method}")
    arrays = OfferArrays.from_rows(random_rows(1500, rng))
    index = OfferIndex(arrays)
    plain_offers = [arrays.row(i) for i in range(len(arrays))]
    for window in [(None, None), (AUG_2027, None), (None, AUG_2027 + 62), (AUG_2027, AUG_2027)]:
        who = seeker(interests=(KFZ,), german_rank=2, start_from=window[0], start_until=window[1])
        expected = rank_plain(plain_offers, who, k=10_000, order=order)
        matches, count = index.rank_count(who, k=10_000, method=method, order=order)
        assert count == len(expected)
        assert ids(matches) == [oid for oid, _key, _chord in expected]
        # a page is the slice of the long list (no offer twice, none left out)
        paged = []
        for offset in range(0, 60, 20):
            page, _ = index.rank_count(who, k=offset + 20, method=method, order=order)
            paged += ids(page[offset:])
        assert paged == ids(matches)[:60]


@pytest.mark.parametrize("order", ORDERS)
def test_a_patched_index_orders_and_filters_like_a_rebuilt_one(order):
    rng = random.Random(order)
    rows = random_rows(800, rng)
    index = OfferIndex(OfferArrays.from_rows(rows))
    changed = {r[0]: r for r in random_rows(60, random.Random(order + "-new"))}
    changed = {oid * 13: (oid * 13, *r[1:]) for oid, r in changed.items()}  # some new ids
    changed |= {oid: (oid, *r[1:]) for oid, r in list(changed.items())[:20]}
    index.patch(changed.keys(), OfferArrays.from_rows(changed.values()))
    rebuilt = OfferIndex(
        OfferArrays.from_rows([r for r in rows if r[0] not in changed] + list(changed.values()))
    )
    who = seeker(interests=(KAROSSERIE,), start_from=AUG_2027)
    for method in ("grid", "scan"):
        assert ids(index.rank(who, k=50, method=method, order=order)) == ids(
            rebuilt.rank(who, k=50, method=method, order=order)
        )
