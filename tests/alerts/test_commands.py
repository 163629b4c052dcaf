"""The alerts' commands and their place in the scheduler."""

from __future__ import annotations

from io import StringIO

import pytest
import time_machine
from django.core.management import call_command

from kausa.alerts.models import Alert
from kausa.core.scheduler import JOBS
from tests.alerts.factories import at, confirmed, import_offer, subscribe

pytestmark = pytest.mark.django_db


def _run(*args: str) -> str:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_send_offer_alerts_sends_what_is_due_deletes_what_expired_and_says_so(office):
    with time_machine.travel(at(2, 9), tick=False):
        confirmed()
        subscribe("waiting@mail.test")
        import_offer(office, "a")
    with time_machine.travel(at(10, 8), tick=False):
        first = _run("send_offer_alerts")
        second = _run("send_offer_alerts")
    assert "Sent 1 digest(s)" in first and "Deleted 1 unconfirmed and 0 unused" in first
    assert "Sent 0 digest(s)" in second and "Deleted 0 unconfirmed" in second
    assert list(Alert.objects.values_list("email", flat=True)) == ["olena@mail.test"]


def test_the_scheduler_runs_the_alerts():
    assert "send_offer_alerts" in {job.command for job in JOBS}


def test_unsubscribe_offer_alerts_deletes_every_alert_of_an_address():
    confirmed(plz="10115")
    confirmed(plz="10117")
    confirmed("other@mail.test")
    assert "Deleted 2 alert(s)." in _run("unsubscribe_offer_alerts", "OLENA@mail.test")
    assert list(Alert.objects.values_list("email", flat=True)) == ["other@mail.test"]
