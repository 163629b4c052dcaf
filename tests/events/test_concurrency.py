"""200 concurrent registrations for 50 seats, on PostgreSQL (row lock on the event)."""

from __future__ import annotations

import datetime as dt
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection
from django.test import Client
from django.utils import timezone

from kausa.events.models import Event, Registration
from kausa.reference.loaders import load_reference
from tests.factories import OrganisationFactory

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="needs PostgreSQL: SQLite runs one writer at a time, so there is no race to test",
    ),
]

REQUESTS = 200
SEATS = 50
WORKERS = 40  # parallel connections; the server allows 100 and other suites share it


@pytest.fixture
def reference_restored(django_db_blocker):
    """transactional_db empties every table afterwards; put the reference data back."""
    yield
    with django_db_blocker.unblock():
        load_reference()


def test_200_concurrent_registrations_for_50_seats(reference_restored, transactional_db):
    office = OrganisationFactory()
    event = Event.objects.create(
        organisation=office,
        type=Event.Type.INFORMATION,
        title="Infoabend",
        starts_at=timezone.now() + dt.timedelta(days=5),
        ends_at=timezone.now() + dt.timedelta(days=5, hours=2),
        capacity=SEATS,
        venue="Aula",
    )
    start = threading.Barrier(WORKERS)

    def register(number: int) -> tuple[int, dict]:
        if number < WORKERS:
            start.wait(timeout=30)  # the first wave hits the event row at the same moment
        try:
            response = Client().post(
                f"/api/v1/events/{event.pk}/registrations",
                {"name": f"Person {number}", "email": f"p{number}@mail.test", "consent": True},
                content_type="application/json",
            )
            return response.status_code, response.json()
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=WORKERS) as pool:
        answers = list(pool.map(register, range(REQUESTS)))

    assert [status for status, _body in answers] == [201] * REQUESTS
    statuses = [body["status"] for _status, body in answers]
    assert statuses.count("confirmed") == SEATS
    assert statuses.count("waitlisted") == REQUESTS - SEATS
    positions = sorted(b["waitlist_position"] for _s, b in answers if b["status"] == "waitlisted")
    assert positions == list(range(1, REQUESTS - SEATS + 1))
    rows = list(Registration.objects.filter(event=event).order_by("created_at", "id"))
    assert sum(r.party_size for r in rows if r.status == "confirmed") == SEATS
    # in order: every seat went to someone who came before everyone on the waitlist
    kinds = [r.status for r in rows]
    assert kinds == ["confirmed"] * SEATS + ["waitlisted"] * (REQUESTS - SEATS)
    numbers = [r.waitlist_number for r in rows if r.status == "waitlisted"]
    assert numbers == list(range(1, REQUESTS - SEATS + 1))
