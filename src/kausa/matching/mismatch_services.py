"""Writes of the mismatch reports: ask for a computation, run it (in the task), refresh all.

A web request only ever asks (a row marked queued, the task enqueued after commit); the
computation itself runs in ``kausa.matching.tasks.mismatch_compute``.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from functools import partial
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone

from kausa.matching import mismatch
from kausa.matching.models import MismatchReport
from kausa.matching.selectors import mismatch_scope

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from kausa.accounts.models import User

log = logging.getLogger(__name__)

# a computation asked for longer ago than this and not finished is taken as lost (a worker
# that died): asking again enqueues it again
STALE_AFTER = dt.timedelta(minutes=30)
PROGRESS_EVERY_S = 1.0
BUSY = (MismatchReport.Status.QUEUED, MismatchReport.Status.RUNNING)


def _busy(report: MismatchReport, now: dt.datetime) -> bool:
    return (
        report.status in BUSY
        and report.requested_at is not None
        and report.requested_at > now - STALE_AFTER
    )


def _enqueue(report: MismatchReport, now: dt.datetime) -> None:
    from kausa.matching import tasks

    report.status = MismatchReport.Status.QUEUED
    report.progress = 0
    report.requested_at = now
    report.failure = ""
    report.save(update_fields=["status", "progress", "requested_at", "failure"])
    transaction.on_commit(partial(tasks.mismatch_compute.enqueue, report.pk))


def mismatch_report_request(
    *, user: User | AnonymousUser, radius_km: int, again: bool = False
) -> MismatchReport:
    """The stored report of the user's scope at this distance; a computation is enqueued
    when there is none yet or (``again``) when the user asks for fresh figures, unless one
    is already waiting or running."""
    scope = mismatch_scope(user)
    now = timezone.now()
    with transaction.atomic():
        report, created = MismatchReport.objects.get_or_create(
            scope_key=scope.key,
            radius_km=radius_km,
            defaults={"all_offices": scope.all_offices, "status": MismatchReport.Status.QUEUED},
        )
        if created:
            report.organisations.set(scope.organisation_ids)
        report = MismatchReport.objects.select_for_update().get(pk=report.pk)
        if (created or again) and not _busy(report, now):
            _enqueue(report, now)
    return report


def mismatch_report_compute(*, report_id: int) -> MismatchReport | None:
    """Compute the report's figures (heavy: the task calls this) and store them."""
    report = MismatchReport.objects.filter(pk=report_id).first()
    if report is None:
        return None
    started = time.perf_counter()
    MismatchReport.objects.filter(pk=report_id).update(
        status=MismatchReport.Status.RUNNING, started_at=timezone.now(), progress=0
    )
    scope = mismatch.scope_of(
        set(report.organisations.values_list("pk", flat=True)), all_offices=report.all_offices
    )
    last = [started]

    def progress(share: float) -> None:
        now = time.perf_counter()
        if now - last[0] >= PROGRESS_EVERY_S:
            last[0] = now
            MismatchReport.objects.filter(pk=report_id).update(progress=min(99, int(share * 100)))

    try:
        figures = mismatch.compute(scope, radius_km=float(report.radius_km), progress=progress)
    except Exception as exc:
        log.exception("mismatch report %s failed", report_id)
        MismatchReport.objects.filter(pk=report_id).update(
            status=MismatchReport.Status.FAILED, failure=f"{type(exc).__name__}: {exc}"[:2000]
        )
        raise
    MismatchReport.objects.filter(pk=report_id).update(
        status=MismatchReport.Status.DONE,
        progress=100,
        computed_at=timezone.now(),
        seconds=round(time.perf_counter() - started, 3),
        figures=mismatch.figures_to_json(figures),
        failure="",
    )
    report.refresh_from_db()
    return report


def mismatch_reports_refresh() -> int:
    """Enqueue a fresh computation of every stored report (the nightly job); returns how
    many were enqueued (those already waiting or running are left alone)."""
    now = timezone.now()
    count = 0
    for pk in MismatchReport.objects.order_by("pk").values_list("pk", flat=True):
        with transaction.atomic():
            report = MismatchReport.objects.select_for_update().get(pk=pk)
            if not _busy(report, now):
                _enqueue(report, now)
                count += 1
    return count
