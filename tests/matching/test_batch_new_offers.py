"""The nightly update (no database): a person's top k after new offers, from their top k
before, equals the national batch over old and new offers together and the per-person
ranker (random offers with many exact ties, people without a place or a wish)."""

from __future__ import annotations

import argparse
import io
import random

import numpy as np
import pytest

from kausa.bench import matching as bench
from kausa.matching import batch
from kausa.matching.engine import OfferArrays, OfferIndex
from tests.matching.test_batch import _people
from tests.matching.test_engine import _random_rows


@pytest.mark.parametrize(
    ("seed", "n_new", "k", "groups"),
    [(1, 40, 10, 1), (2, 300, 10, 1), (3, 5, 3, 1), (4, 0, 5, 1), (5, 300, 10, 3), (6, 40, 5, 2)],
)
def test_update_equals_the_full_batch_and_the_per_person_ranker(seed, n_new, k, groups):
    rng = random.Random(seed)
    offers = OfferArrays.from_rows(_random_rows(rng, 2000))
    people = _people(rng, 300)
    radius = np.where(np.arange(300) % 3 == 0, 30.0, 50.0)
    is_new = np.zeros(len(offers), np.bool_)
    is_new[rng.sample(range(len(offers)), n_new)] = True
    before = batch.national_top_k(
        batch.offers_subset(offers, ~is_new), people, radius_km=radius, k=k
    )
    got = batch.new_offers_top_k(
        batch.offers_subset(offers, is_new),
        people,
        radius_km=radius,
        prev_ids=before.top_ids,
        prev_keys=before.top_keys,
        groups=groups,  # more than one: groups of places, each in a thread of its own
    )
    full = batch.national_top_k(offers, people, radius_km=radius, k=k)
    assert (got.top_ids == full.top_ids).all()
    assert (got.top_keys == full.top_keys).all()
    index = OfferIndex(offers)
    for i in range(0, len(people.ids), 7):
        if np.isnan(people.xyz[i, 0]):
            assert (got.top_ids[i] == -1).all()
            continue
        expected = index.rank(
            batch.person_seeker(people, i, float(radius[i])),
            k=k,
            point=batch.person_point(people, i),
            method="scan",
        )
        assert [int(x) for x in got.top_ids[i] if x >= 0] == [m.offer_id for m in expected]


def test_list_ids_are_the_same_from_the_table_and_from_the_sorted_values():
    rng = random.Random(7)
    offers = OfferArrays.from_rows(_random_rows(rng, 500))
    lists = batch._Lists(offers)
    values = np.array([-5, -1, 0, 1, 3, 10**9, *offers.occupation.tolist()], np.int64)
    by_table = lists.ids_of("occ", values)
    lists._tables.clear()  # as for values too large for a table
    assert lists.ids_of("occ", values).tolist() == by_table.tolist()
    assert (by_table[:2] == -1).all() and by_table[5] == -1 and (by_table[6:] >= 0).all()


def test_merge_keeps_the_order_of_the_batch_and_counts_an_offer_once():
    ids_a = np.array([[5, 9, -1]])
    keys_a = np.array([[900, 800, -1]])
    ids_b = np.array([[7, 9, 3]])
    keys_b = np.array([[900, 850, 800]])
    ids, keys = batch.merge_top(ids_a, keys_a, ids_b, keys_b, 3)
    assert ids.tolist() == [[5, 7, 9]]  # equal keys: the smaller id first; 9 once, as in b
    assert keys.tolist() == [[900, 900, 850]]


def test_the_benchmark_runs_at_a_tiny_size():
    parser = argparse.ArgumentParser()
    bench.add_arguments(parser)
    options = parser.parse_args(
        ["--offers", "4000", "--people", "1500", "--new-offers", "200", "--sample", "30"]
    )
    out = io.StringIO()
    bench.run(options, out)
    text = out.getvalue()
    assert "top 10 equal to the full batch: 1,500 of 1,500 people (100.00 %)" in text
    assert "identical for 30 (100.0 %)" in text or "touched (a new offer entered" in text
    assert "faster than the full batch" in text


@pytest.mark.parametrize("seed", range(6))
def test_the_merge_without_sorting_gives_what_the_sorting_merge_gives(seed):
    """Lists in the batch's order (the nightly update's case) are merged by rank, others
    (an offer in both, a gap, out of order) by sorting: both give the same rows."""
    rng = np.random.default_rng(seed)
    k, m = 6, 400

    def lists(count_max: int, ids_from: int) -> tuple[np.ndarray, np.ndarray]:
        ids = np.full((m, k), -1, np.int64)
        keys = np.full((m, k), -1, np.int64)
        for i in range(m):
            c = int(rng.integers(0, count_max + 1))
            row_keys = rng.integers(990, 1000, c)  # few keys: many ties, broken by id
            row_ids = rng.choice(np.arange(ids_from, ids_from + 40), c, replace=False)
            order = np.lexsort((row_ids, -row_keys))
            ids[i, :c], keys[i, :c] = row_ids[order], row_keys[order]
        return ids, keys

    ids_a, keys_a = lists(k, 0)
    ids_b, keys_b = lists(3, 20 if seed % 2 else 40)  # odd seeds: some offers in both
    assert (batch._merge_sorted(ids_a, keys_a, ids_b, keys_b, k) is None) == (seed % 2 == 1)
    got = batch.merge_top(ids_a, keys_a, ids_b, keys_b, k)
    for i in range(m):
        entries = {int(x): int(y) for x, y in zip(ids_a[i], keys_a[i], strict=True) if x >= 0}
        entries |= {int(x): int(y) for x, y in zip(ids_b[i], keys_b[i], strict=True) if x >= 0}
        best = sorted(entries.items(), key=lambda e: (-e[1], e[0]))[:k]
        best += [(-1, -1)] * (k - len(best))
        assert got[0][i].tolist() == [e[0] for e in best]
        assert got[1][i].tolist() == [e[1] for e in best]
    gap_ids = ids_a.copy()
    gap_ids[:, 0] = -1  # an empty place before entries: not the fast case
    assert batch._merge_sorted(gap_ids, keys_a, ids_b, keys_b, k) is None


@pytest.mark.parametrize(
    ("rows", "code_scale"),
    [(500, 1), (2**20 + 10, 2**28)],  # one integer key per row; too many bits: the argsort
)
def test_the_cut_gives_every_row_of_a_requests_code_within_its_distance(rows, code_scale):
    rng = np.random.default_rng(3)
    code_rows = rng.integers(0, 4, rows) * code_scale
    dist = rng.random(rows) * 0.01
    code_req = rng.integers(0, 4, 20) * code_scale
    chord_req = rng.random(20) * 0.01
    req, idx = batch._cut(code_rows, dist, code_req, chord_req)
    for r in range(20):
        got = np.sort(idx[req == r])
        exact = np.flatnonzero((code_rows == code_req[r]) & (dist <= chord_req[r]))
        # every row of the code within the distance, and only rows of the code that lie
        # within it up to the rounding of the distances (far below 0.1 km)
        assert np.isin(exact, got).all()
        assert (code_rows[got] == code_req[r]).all()
        assert (dist[got] <= chord_req[r] + 1e-5).all()


def test_pairs_sort_the_same_with_one_integer_key_and_with_a_lexsort():
    rng = np.random.default_rng(4)
    person = rng.integers(0, 50, 400)
    row = rng.integers(0, 300, 400)
    keys = rng.integers(900_000, 900_010, 400)  # many equal keys: the row decides
    small = batch._by_person_key_row(person, row, keys, 50)
    huge = batch._by_person_key_row(person, row, keys, 2**50)  # too many bits: lexsort
    for a, b in zip(small, huge, strict=True):
        assert a.tolist() == b.tolist()
    order = sorted(zip(person.tolist(), (-keys).tolist(), row.tolist(), strict=True))
    assert small[0].tolist() == [p for p, _, _ in order]
    assert small[1].tolist() == [r for _, _, r in order]
