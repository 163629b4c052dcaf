"""The per-process offer index: patched incrementally when offers change."""

from __future__ import annotations

import pytest

from kausa.companies.models import Offer
from kausa.matching import index as offer_index_module
from kausa.matching.engine import Seeker
from kausa.matching.index import offer_index, offer_index_invalidate, refresh_counts
from tests.matching.factories import offer_at

pytestmark = pytest.mark.django_db

BERLIN = Seeker(lat=52.532, lon=13.384, available_from=739000, radius_km=50)


def _ids() -> list[int]:
    return [m.offer_id for m in offer_index().rank(BERLIN, k=50)]


def test_changes_are_patched_in_without_a_full_rebuild(office, monkeypatch):
    monkeypatch.setattr(offer_index_module, "PATCH_SHARE", 100.0)  # tiny index in a test
    first = offer_at(office, "10115")
    second = offer_at(office, "10117")
    assert set(_ids()) == {first.pk, second.pk}
    builds = refresh_counts()["full"]

    third = offer_at(office, "10119")  # new offer (signal bumps the version)
    assert set(_ids()) == {first.pk, second.pk, third.pk}
    second.status = Offer.Status.WITHDRAWN
    second.save()
    assert set(_ids()) == {first.pk, third.pk}
    first.required_german = "C2"
    first.save()
    found = offer_index().rank(BERLIN, k=50)
    assert next(m for m in found if m.offer_id == first.pk).reasons[2].params["need"] == "C2"
    assert refresh_counts()["full"] == builds
    assert refresh_counts()["patch"] >= 3

    third.delete()  # a deletion cannot be seen in updated_at: full rebuild
    assert set(_ids()) == {first.pk}
    assert refresh_counts()["full"] == builds + 1


def test_a_writer_can_ask_for_a_full_rebuild(office):
    offer_at(office, "10115")
    offer_index()
    builds = refresh_counts()["full"]
    offer_index_invalidate(full=True)
    offer_index()
    assert refresh_counts()["full"] == builds + 1
