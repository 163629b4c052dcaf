"""Figures per office and quarter: counts only, small cells suppressed across offices."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db.models import Aggregate, Count, F, QuerySet, Sum
from django.db.models.functions import ExtractQuarter
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kausa.accounts.models import Organisation
from kausa.accounts.selectors import acts_for_office, offices_for_figures
from kausa.companies.models import PipelineStage, PipelineStep
from kausa.counselling.models import Consultation, Outcome, Referral
from kausa.events.models import Event, Registration

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from kausa.accounts.models import User

SMALL = 5

INDICATORS = [
    ("people_advised", _("young people advised")),
    ("consultations", _("consultations")),
    ("companies_advised", _("companies advised")),
    ("bsk_started", _("Azubi-BSK courses started")),
    ("contracts", _("training contracts")),
    ("companies_authorised", _("companies newly recognised as training companies")),
    ("events", _("events held")),
    ("event_participants", _("event participants (checked in)")),
]


@dataclass
class OfficeFigures:
    office: Organisation
    suppressed: bool
    cells: dict[str, list[int]]  # indicator -> one count per quarter

    def shown(self, indicator: str) -> list[str]:
        return [
            "<5" if self.suppressed and 0 < n < SMALL else str(n) for n in self.cells[indicator]
        ]

    def rows(self) -> list[tuple[str, list[str]]]:
        return [(str(label), self.shown(key)) for key, label in INDICATORS]


def _by_quarter(
    qs: QuerySet[Any],
    date_field: str,
    year: int,
    value: str,
    distinct: bool = False,
    total: Aggregate | None = None,
) -> dict[int, list[int]]:
    counted = (
        qs.filter(**{f"{date_field}__year": year})
        .annotate(q=ExtractQuarter(date_field))
        .values("organisation_id", "q")
        .annotate(n=total if total is not None else Count(value, distinct=distinct))
        .order_by()
    )
    result: dict[int, list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    for row in counted:
        result[row["organisation_id"]][row["q"] - 1] = row["n"]
    return result


def office_figures(*, user: User | AnonymousUser, year: int) -> list[OfficeFigures]:
    offices = offices_for_figures(user=user)
    ids = list(offices.values_list("id", flat=True))
    consultations = Consultation.objects.filter(organisation_id__in=ids)
    series = {
        "people_advised": _by_quarter(
            consultations.filter(case__kind="young_person"),
            "held_on",
            year,
            "case__young_person",
            distinct=True,
        ),
        "consultations": _by_quarter(consultations, "held_on", year, "id"),
        "companies_advised": _by_quarter(
            consultations.filter(case__kind="company"),
            "held_on",
            year,
            "case__company",
            distinct=True,
        ),
        "bsk_started": _by_quarter(
            Referral.objects.filter(organisation_id__in=ids, kind="azubi_bsk").exclude(
                started_on__isnull=True
            ),
            "started_on",
            year,
            "id",
        ),
        "contracts": _by_quarter(
            Outcome.objects.filter(organisation_id__in=ids, kind="contract"),
            "recorded_on",
            year,
            "id",
        ),
        "companies_authorised": _by_quarter(_recognised_steps(ids), "reached_on", year, "id"),
        "events": _by_quarter(
            # held: published (not a draft, not called off) and already begun
            Event.objects.filter(
                organisation_id__in=ids, status="published", starts_at__lte=timezone.now()
            ),
            "starts_at",
            year,
            "id",
        ),
        "event_participants": _by_quarter(
            Registration.objects.filter(
                event__organisation_id__in=ids, status="confirmed", checked_in_at__isnull=False
            ),
            "event__starts_at",
            year,
            "id",
            total=Sum("party_size"),
        ),
    }
    return [
        OfficeFigures(
            office=office,
            suppressed=not acts_for_office(user=user, organisation_id=office.pk),
            cells={key: series[key][office.pk] for key, _label in INDICATORS},
        )
        for office in offices
    ]


def _recognised_steps(ids: list[int]) -> QuerySet[PipelineStep]:
    return PipelineStep.objects.filter(
        pipeline__organisation_id__in=ids, stage=PipelineStage.RECOGNISED
    ).annotate(organisation_id=F("pipeline__organisation_id"))
