"""The scheduler that ships with Kausa: runs the periodic commands (`kausa scheduler`).

Jobs are management commands with a period. State lives in the database (ScheduledRun), so
a restarted scheduler does not repeat a job early, and a second scheduler started by mistake
does not run a job twice: a run is claimed by one conditional UPDATE.
"""

from __future__ import annotations

import datetime as dt
import io
import logging
from dataclasses import dataclass

from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from kausa.core.models import ScheduledRun

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Job:
    name: str
    command: str
    every: dt.timedelta
    args: tuple[str, ...] = ()


JOBS: tuple[Job, ...] = (
    # the day-before reminders: hourly, so an event published today still gets them
    Job("event-reminders", "send_event_reminders", dt.timedelta(hours=1)),
    # anonymisation after the retention period
    Job("retention", "apply_retention", dt.timedelta(days=1)),
    # the stored mismatch analyses computed afresh (the pages show their age)
    Job("mismatch-reports", "refresh_mismatch_reports", dt.timedelta(days=1)),
    # offer alerts: daily digests once a day, weekly ones on their weekday (the command
    # decides what is due, so running it hourly only makes the morning mail punctual)
    Job("offer-alerts", "send_offer_alerts", dt.timedelta(hours=1)),
    # people and companies probably entered twice, for the advisors to merge or dismiss
    Job("duplicates", "find_duplicates", dt.timedelta(days=1)),
    # tours made with the public JOBWALK planner are kept for 30 days
    Job("planned-tours", "delete_expired_planned_tours", dt.timedelta(days=1)),
    # offers new or changed since the last run against every young person: the best new
    # matches go to the advisors' overview ("new offers for your people")
    Job("new-offer-matches", "match_new_offers", dt.timedelta(days=1)),
    # the offer index shared by the web workers of this machine: brought up to date when
    # offers changed (each worker patches small changes itself meanwhile), and read in full
    # once a day, which also picks up writes that went around Django
    Job("offer-index", "build_offer_index", dt.timedelta(minutes=1), ("--if-stale",)),
    Job("offer-index-full", "build_offer_index", dt.timedelta(days=1), ("--full",)),
)


def _claim(job: Job, now: dt.datetime) -> bool:
    """Take this period's run of ``job``; False when it ran recently or another took it."""
    try:
        with transaction.atomic():
            ScheduledRun.objects.get_or_create(name=job.name)
    except IntegrityError:  # created by a concurrent scheduler in the same instant
        pass
    due = Q(started_at__isnull=True) | Q(started_at__lte=now - job.every)
    return ScheduledRun.objects.filter(due, name=job.name).update(started_at=now) == 1


def run_due(*, now: dt.datetime | None = None, jobs: tuple[Job, ...] = JOBS) -> list[str]:
    """Run every job whose period has passed; returns the names of the jobs run."""
    now = now or timezone.now()
    ran = []
    for job in jobs:
        if not _claim(job, now):
            continue
        out = io.StringIO()
        ok = True
        try:
            call_command(job.command, *job.args, stdout=out, stderr=out)
        except Exception:  # a failing job must not stop the others or the scheduler
            log.exception("scheduled job %s failed", job.name)
            ok = False
        ScheduledRun.objects.filter(name=job.name).update(
            finished_at=timezone.now(), ok=ok, output=out.getvalue()[-4000:]
        )
        ran.append(job.name)
    return ran
