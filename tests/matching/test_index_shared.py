"""The offer index of one process follows writes of another through the shared version stamp."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, transaction

from kausa.matching.engine import Seeker
from kausa.matching.index import offer_index
from tests.factories import OrganisationFactory
from tests.matching.factories import offer_at

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="needs a second connection that reads while the first one's write is open",
    ),
]

BERLIN = Seeker(lat=52.532, lon=13.384, available_from=739000, radius_km=50)


def _ids() -> set[int]:
    return {m.offer_id for m in offer_index().rank(BERLIN, k=50)}


def test_a_search_during_another_writers_transaction_sees_the_offer_once_it_commits(
    reference_restored, transactional_db
):  # this order: the reference data are loaded again after transactional_db's flush
    office = OrganisationFactory()
    first = offer_at(office, "10115")
    assert _ids() == {first.pk}

    saved, committed = threading.Event(), threading.Event()
    new: dict[str, int] = {}

    def writer() -> None:  # another server: its own connection and transaction
        try:
            with transaction.atomic():
                new["id"] = offer_at(office, "10117").pk  # the version stamp moves here
                saved.set()
                committed.wait(timeout=30)
        finally:
            connection.close()

    thread = threading.Thread(target=writer)
    thread.start()
    assert saved.wait(timeout=30)
    # A search in this "other server" between the write and its commit: the new offer is
    # not visible yet, but the stamp has moved, so this process takes it as seen.
    assert _ids() == {first.pk}
    committed.set()
    thread.join(timeout=30)

    # The next search after the commit must find it, not only after the next database
    # check (DB_CHECK_SECONDS later).
    assert _ids() == {first.pk, new["id"]}
