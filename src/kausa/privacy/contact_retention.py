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

ANONYMOUS = "–"


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
    from kausa.events.models import Registration, SpeedDatingApplicant
    from kausa.matching.models import AdvisorRequest
    from kausa.network.models import Nomination, VisitRequest

    now = now or timezone.now()
    report = RetentionReport()
    for org in Organisation.objects.order_by("pk"):
        cutoff = _cutoff(org, now)
        _blank(
            Registration.objects.filter(
                organisation=org, event__ends_at__lt=cutoff, is_anonymised=False
            ),
            "event registrations",
            report,
            org,
            name=ANONYMOUS,
            email="",
            phone="",
            is_anonymised=True,
        )
        _blank(
            SpeedDatingApplicant.objects.filter(
                organisation=org, event__ends_at__lt=cutoff
            ).exclude(name=ANONYMOUS, email="", occupation_interests=""),
            "speed-dating sign-ups",
            report,
            org,
            name=ANONYMOUS,
            email="",
            occupation_interests="",
        )
        _blank(
            AdvisorRequest.objects.filter(organisation=org, created_at__lt=cutoff).exclude(
                name=ANONYMOUS
            ),
            "contact requests",
            report,
            org,
            name=ANONYMOUS,
            email="",
            phone=ANONYMOUS,  # a request must keep one contact field (check constraint)
            message="",
            postal_code="",
        )
        _blank(
            Nomination.objects.filter(
                organisation=org, edition__nomination_closes__lt=cutoff.date()
            ).exclude(nominator_name=ANONYMOUS),
            "award nominations",
            report,
            org,
            nominator_name=ANONYMOUS,
            nominator_email="",
        )
        _blank(
            VisitRequest.objects.filter(organisation=org, created_at__lt=cutoff).exclude(
                contact_name=ANONYMOUS
            ),
            "visit requests",
            report,
            org,
            contact_name=ANONYMOUS,
            contact_email="",
            contact_phone="",
            message="",
        )
    return report
