"""Two digest runs at the same moment on PostgreSQL (two scheduler hosts, or a cron job
next to the scheduler): the row lock on each alert lets one of them send it."""

from __future__ import annotations

import threading

import pytest
import time_machine
from django.core import mail
from django.db import connection, connections

from kausa.alerts import services
from kausa.alerts.models import AlertSent
from tests.alerts.factories import at, confirmed, import_offer
from tests.factories import OrganisationFactory

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="needs PostgreSQL: SQLite runs one writer at a time, so there is no race to test",
    ),
]

ALERTS = 6


def test_two_runs_at_once_send_each_digest_once(reference_restored, transactional_db):
    office = OrganisationFactory()
    with time_machine.travel(at(2, 9), tick=False):
        for n in range(ALERTS):
            confirmed(f"p{n}@mail.test")
        import_offer(office, "a")
        import_offer(office, "b", plz="10117")
    mail.outbox.clear()
    barrier = threading.Barrier(2)
    reports: list[services.DigestReport] = []

    def run() -> None:
        try:
            barrier.wait()
            reports.append(services.digests_send_due(now=at(3, 8)))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sum(r.sent for r in reports) == ALERTS and sum(r.failed for r in reports) == 0
    assert sorted(m.to[0] for m in mail.outbox) == sorted(f"p{n}@mail.test" for n in range(ALERTS))
    assert AlertSent.objects.count() == 2 * ALERTS
