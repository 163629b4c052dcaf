"""Retention for contact data held without a case.

Event registrations, speed-dating sign-ups, contact requests from the offer pages,
award nominations and ambassador visit requests carry the names and addresses of people
who have no case with the office. Once the office's retention period
(``Organisation.retention_days``) has passed since the thing was over, their contact
data is blanked; the rows stay, so figures (registered, attended, languages, requests)
do not change.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from kausa.accounts.models import Organisation
from kausa.core.audit import audit
from kausa.privacy.registry import ANONYMOUS, registered

__all__ = ["ANONYMOUS", "RetentionReport", "contact_retention_apply"]


@dataclass
class RetentionReport:
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def _cutoff(org: Organisation, now: dt.datetime) -> dt.datetime:
    return now - dt.timedelta(days=org.retention_days)


def _blank(
    qs: QuerySet[Any], label: str, report: RetentionReport, org: Organisation, **values: object
) -> None:
    count = qs.update(**values)
    if count:
        report.counts[label] = report.counts.get(label, 0) + count
        # the audit entry names what and how many, never whom
        audit(
            actor=None,
            action="delete",
            organisation_id=org.pk,
            object_type=label,
            detail=f"retention: contact data of {count} {label} blanked",
        )


@transaction.atomic
def contact_retention_apply(*, now: dt.datetime | None = None) -> RetentionReport:
    """Blank what every app registered as contact data (kausa.privacy.registry) once the
    office's retention period has passed."""
    now = now or timezone.now()
    report = RetentionReport()
    entries = [entry for entry in registered() if entry.retention is not None]
    for org in Organisation.objects.order_by("pk"):
        cutoff = _cutoff(org, now)
        for entry in entries:
            assert entry.retention is not None
            for blank in entry.retention(org, cutoff):
                _blank(blank.queryset, blank.label, report, org, **blank.values)
    return report
