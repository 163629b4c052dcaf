"""The shared offer index: built by a job, stored as memory-mapped arrays, swapped
atomically, mapped by every worker (issue 17, item 1)."""

from __future__ import annotations

import datetime as dt
import json

import numpy as np
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kausa.companies.models import Offer
from kausa.matching import index as index_module
from kausa.matching.engine import OfferArrays, OfferIndex, Seeker, stored
from kausa.matching.index import (
    build_shared,
    index_source,
    index_version,
    offer_index,
    offer_index_build,
    offer_index_forget,
    refresh_counts,
)
from kausa.matching.index_tasks import offer_index_build_task
from tests.matching.factories import offer_at

BERLIN = Seeker(lat=52.532, lon=13.384, available_from=739000, radius_km=50)
PLZ = ("10115", "10117", "10119", "10178", "10243", "10245", "12043", "13353", "14467")


@pytest.fixture
def root(tmp_path, settings):
    settings.KAUSA_OFFER_INDEX_DIR = str(tmp_path / "offer-index")
    return tmp_path / "offer-index"


def _ranked(index: OfferIndex, seeker: Seeker = BERLIN) -> list[tuple[int, float, float]]:
    matches, count = index.rank_count(seeker, k=50)
    return [(m.offer_id, m.score, m.distance_km) for m in matches] + [(count, 0.0, 0.0)]


def _random_index(n: int, seed: int = 3) -> OfferIndex:
    rng = np.random.default_rng(seed)
    rows = [
        (
            int(i),
            52.0 + rng.random(),
            13.0 + rng.random(),
            int(rng.integers(1, 30)),
            int(rng.choice([25212, 25213, 62102, 81302])),
            str(rng.choice(["none", "first", "intermediate"])),
            str(rng.choice(["none", "A2", "B1", "B2"])),
            739000 + int(rng.integers(0, 400)),
            int(rng.integers(1, 4)),
            True,
        )
        for i in rng.permutation(np.arange(1, n + 1))
    ]
    return OfferIndex(OfferArrays.from_rows(rows))


def test_a_stored_index_ranks_exactly_like_the_built_one(tmp_path):
    """Engine only: every column, the grid and the ranking survive the round trip."""
    built = _random_index(3000)
    name = stored.write(tmp_path, built, {"version": [0, 0]})
    mapped, manifest = stored.load(tmp_path, name)
    assert manifest["offers"] == 3000
    for column in (mapped.grid.x, mapped.grid.rows, mapped.arrays.ids, mapped.active_rows):
        assert not column.flags.writeable and not column.flags.owndata  # views of the map
    for lat, lon, radius in ((52.5, 13.4, 30), (52.1, 13.9, 80), (52.9, 13.1, 5)):
        for interests in ((), ((3, 25212),), ((7, 62102), (9, 81302))):
            seeker = Seeker(
                lat=lat, lon=lon, available_from=739100, radius_km=radius, interests=interests
            )
            assert _ranked(mapped, seeker) == _ranked(built, seeker)
    changed = OfferArrays.from_rows([(5, 52.5, 13.4, 3, 25212, "none", "none", 739100, 1, True)])
    built.patch([5, 6], changed)
    mapped.patch([5, 6], changed)
    assert _ranked(mapped) == _ranked(built)


def test_writing_swaps_the_pointer_atomically_and_prunes_old_versions(tmp_path):
    index = _random_index(50)
    names = [stored.write(tmp_path, index, {"n": i}) for i in range(5)]
    assert names == sorted(names) and len(set(names)) == 5
    assert stored.current(tmp_path) == names[-1]
    assert (tmp_path / "current").read_text() == names[-1]
    left = sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("v"))
    assert left == names[-stored.KEEP :]
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".tmp")]


def test_a_corrupt_version_is_refused(tmp_path):
    name = stored.write(tmp_path, _random_index(50), {})
    blob = tmp_path / name / "arrays.bin"
    whole = blob.read_bytes()
    blob.write_bytes(whole[: len(whole) // 2])  # cut short
    with pytest.raises(stored.StoredIndexError):
        stored.load(tmp_path, name)
    (tmp_path / name / "arrays.bin").unlink()
    with pytest.raises(stored.StoredIndexError):
        stored.load(tmp_path, name)
    (tmp_path / name / "manifest.json").write_text("{")
    with pytest.raises(stored.StoredIndexError):
        stored.load(tmp_path, name)


@pytest.mark.django_db
def test_workers_map_the_built_index_and_rank_like_their_own(office, root):
    offers = [offer_at(office, plz) for plz in PLZ]
    own = offer_index_build()
    result = offer_index_build_task.call()
    assert result["built"] and result["offers"] == len(offers)
    assert stored.current(root) == result["name"]
    offer_index_forget()  # a worker started afresh
    assert _ranked(offer_index()) == _ranked(own)
    assert index_source() == "shared"
    # nothing changed: the task does not build again
    assert offer_index_build_task.call()["built"] is False


@pytest.mark.django_db
def test_the_request_path_never_builds_when_a_built_index_exists(office, root, monkeypatch):
    first = offer_at(office, "10115")
    second = offer_at(office, "10117")
    build_shared()
    offer_index_forget()

    def no_build():
        raise AssertionError("built in a request")

    monkeypatch.setattr(index_module, "offer_index_build", no_build)
    monkeypatch.setattr(index_module, "_can_enqueue", lambda: True)
    asked: list[bool] = []
    monkeypatch.setattr(index_module, "request_build", lambda: asked.append(True) or True)
    assert {m.offer_id for m in offer_index().rank(BERLIN, k=50)} == {first.pk, second.pk}
    mapped = refresh_counts()["mapped"]
    third = offer_at(office, "10119")  # a small change: patched in
    second.status = Offer.Status.WITHDRAWN
    second.save()
    assert {m.offer_id for m in offer_index().rank(BERLIN, k=50)} == {first.pk, third.pk}
    assert refresh_counts()["patch"] >= 1
    first.delete()  # a deletion: a build is asked for, the worker keeps serving
    offer_index()
    assert asked
    assert index_source() == "shared"
    # the new build (by the task worker) is picked up
    build_shared()
    assert {m.offer_id for m in offer_index().rank(BERLIN, k=50)} == {third.pk}
    assert refresh_counts()["mapped"] == mapped + 1


@pytest.mark.django_db
def test_many_changes_wait_for_the_next_build_instead_of_a_patch(office, root, monkeypatch):
    offers = [offer_at(office, plz) for plz in PLZ]
    build_shared()
    offer_index_forget()
    offer_index()
    monkeypatch.setattr(index_module, "SHARED_PATCH_LIMIT", 2)
    asked: list[bool] = []
    monkeypatch.setattr(index_module, "request_build", lambda: asked.append(True) or True)
    for offer in offers[:5]:
        offer.status = Offer.Status.WITHDRAWN
        offer.save()
    assert len(offer_index().rank(BERLIN, k=50)) == len(offers)  # still the built version
    assert asked
    build_shared()
    assert len(offer_index().rank(BERLIN, k=50)) == len(offers) - 5


@pytest.mark.django_db
def test_a_corrupt_or_foreign_index_falls_back_to_the_own_build(office, root, caplog):
    offer = offer_at(office, "10115")
    name = build_shared()["name"]
    (root / name / "arrays.bin").write_bytes(b"broken")
    offer_index_forget()
    assert [m.offer_id for m in offer_index().rank(BERLIN, k=5)] == [offer.pk]
    assert index_source() == "own"
    assert "not used" in caplog.text
    # an index built from another database is never used
    name = build_shared()["name"]
    manifest = json.loads((root / name / "manifest.json").read_text())
    manifest["meta"]["database"] = "postgresql:elsewhere:5432:kausa"
    (root / name / "manifest.json").write_text(json.dumps(manifest))
    offer_index_forget()
    offer_index()
    assert index_source() == "own"


@pytest.mark.django_db
def test_the_version_stamp_is_one_primary_key_read(office, settings):
    offer_at(office, "10115")
    with CaptureQueriesContext(connection) as queries:
        index_version()
    assert len(queries) == 1
    sql = queries[0]["sql"].lower()
    assert "matching_offerindexversion" in sql
    assert "companies_offer" not in sql and "count(" not in sql and "max(" not in sql
    offer_index()
    index_module._state["checked"] = 0.0  # the next request checks the version
    with CaptureQueriesContext(connection) as queries:
        offer_index()
    assert len(queries) == 1 and "companies_offer" not in queries[0]["sql"].lower()


@pytest.mark.django_db(transaction=True)
def test_the_version_row_moves_once_per_committed_transaction(office):
    from django.db import transaction

    before = index_version()
    with transaction.atomic():
        offer_at(office, "10115")
        offer_at(office, "10117")
        assert index_version() == before  # not before the commit
    after = index_version()
    assert after[0] == before[0] + 1 and after[1] == before[1]
    Offer.objects.first().delete()
    assert index_version()[1] == after[1] + 1  # a deletion asks for a full build


@pytest.mark.django_db
def test_the_next_build_merges_the_changes_and_a_deletion_builds_in_full(office, root):
    offers = [offer_at(office, plz) for plz in PLZ]
    assert build_shared()["kind"] == "full"
    offers[0].status = Offer.Status.WITHDRAWN
    offers[0].save()
    offers[1].required_german = "B2"
    offers[1].save()
    offer_at(office, "10115", start=dt.date(2027, 9, 1))
    result = build_shared()
    assert result["kind"] == "incremental" and result["offers"] == len(offers)
    offer_index_forget()
    assert _ranked(offer_index()) == _ranked(offer_index_build())
    offers[2].delete()  # not visible in updated_at: the count differs, a full build
    assert build_shared()["kind"] == "full"
    offer_index_forget()
    assert _ranked(offer_index()) == _ranked(offer_index_build())


@pytest.mark.django_db
def test_the_fast_read_equals_the_row_by_row_one(office):
    from kausa.matching.index import offer_arrays, offer_rows

    for plz in PLZ:
        offer_at(office, plz, german="B1", cert="intermediate")
    fast, slow = offer_arrays(), OfferArrays.from_rows(offer_rows())
    for name, column in fast.columns().items():
        assert np.array_equal(column, getattr(slow, name)), name
        assert column.dtype == getattr(slow, name).dtype, name


@pytest.mark.django_db
def test_a_worker_maps_the_index_as_it_starts_without_a_query(office, root):
    from kausa.matching.index import offer_index_warm

    offer = offer_at(office, "10115")
    build_shared()
    offer_index_forget()
    with CaptureQueriesContext(connection) as queries:
        assert offer_index_warm(check=False) is True
    assert not queries  # mapping alone needs no database
    assert index_source() == "shared"
    with CaptureQueriesContext(connection) as queries:
        assert [m.offer_id for m in offer_index().rank(BERLIN, k=5)] == [offer.pk]
    assert len(queries) == 1  # the version row; nothing changed, nothing patched
