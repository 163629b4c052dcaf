"""Heavy work of matching, run by the task workers (never in a web request)."""

from __future__ import annotations

from django_tasks import task

from kausa.matching import mismatch_services


@task()
def mismatch_compute(report_id: int) -> None:
    """The mismatch analysis of one stored report (scope and distance)."""
    mismatch_services.mismatch_report_compute(report_id=report_id)
