"""The scheduler that ships with Kausa: reminders hourly, retention daily, never twice."""

from __future__ import annotations

import datetime as dt
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command

from kausa.core.models import ScheduledRun
from kausa.core.scheduler import JOBS, Job, run_due
from kausa.events.registration import services as registrations
from kausa.matching.index import offer_index_forget
from tests.events.factories import EventFactory

pytestmark = pytest.mark.django_db
BERLIN = ZoneInfo("Europe/Berlin")
NOW = dt.datetime(2027, 3, 10, 9, 0, tzinfo=BERLIN)


def _scheduler_once() -> str:
    out = StringIO()
    call_command("scheduler", "--once", stdout=out)
    return out.getvalue()


@time_machine.travel(NOW, tick=False)
def test_reminders_go_out_once_and_each_job_runs_once_per_period(
    office, settings, django_capture_on_commit_callbacks, tmp_path
):
    settings.SITE_URL = "https://kausa.example.org"
    # the offer index this test builds stays out of the place the other tests' searches use
    settings.KAUSA_OFFER_INDEX_DIR = str(tmp_path / "offer-index")
    tomorrow = NOW + dt.timedelta(days=1)
    event = EventFactory(
        organisation=office, starts_at=tomorrow, ends_at=tomorrow + dt.timedelta(hours=2)
    )
    registration = registrations.registration_create(
        event_id=event.pk, name="Amina", email="amina@mail.test", language="de", consent=True
    ).registration
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        ran = "Ran: " + ", ".join(job.name for job in JOBS) + "."
        assert ran in _scheduler_once()
    assert [m.to for m in mail.outbox] == [["amina@mail.test"]]
    assert "https://kausa.example.org/de/events/registration/" in mail.outbox[0].body
    registration.refresh_from_db()
    assert registration.reminder_sent_at is not None
    assert "Nothing due." in _scheduler_once()

    with time_machine.travel(NOW + dt.timedelta(hours=1, seconds=1), tick=False):
        # hourly; nobody is reminded twice
        assert run_due() == ["event-reminders", "offer-alerts", "offer-index"]
    assert len(mail.outbox) == 1
    with time_machine.travel(NOW + dt.timedelta(days=1, seconds=1), tick=False):
        # every job runs at least daily
        assert run_due() == [job.name for job in JOBS]
    runs = {run.name: run for run in ScheduledRun.objects.all()}
    assert set(runs) == {job.name for job in JOBS}
    assert all(run.ok and run.finished_at for run in runs.values())
    assert (tmp_path / "offer-index" / "current").exists()
    offer_index_forget()


@time_machine.travel(NOW, tick=False)
def test_a_second_scheduler_does_not_run_a_job_the_first_one_claimed():
    job = (Job("retention", "apply_retention", dt.timedelta(days=1)),)
    assert run_due(jobs=job) == ["retention"]
    assert run_due(jobs=job) == []  # the other scheduler, same period


@time_machine.travel(NOW, tick=False)
def test_a_failing_job_is_recorded_and_the_others_still_run():
    jobs = (
        Job("broken", "no_such_command", dt.timedelta(hours=1)),
        Job("retention", "apply_retention", dt.timedelta(days=1)),
    )
    assert run_due(jobs=jobs) == ["broken", "retention"]
    broken = ScheduledRun.objects.get(name="broken")
    assert broken.ok is False
    assert ScheduledRun.objects.get(name="retention").ok is True
