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


@pytest.mark.parametrize(("seed", "n_new", "k"), [(1, 40, 10), (2, 300, 10), (3, 5, 3), (4, 0, 5)])
def test_update_equals_the_full_batch_and_the_per_person_ranker(seed, n_new, k):
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
