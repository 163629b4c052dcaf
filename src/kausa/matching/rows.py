"""People and offers as the engine's input rows (``PersonArrays.from_rows`` /
``OfferArrays.from_rows``), read from the database."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from kausa.companies.models import Offer
from kausa.people.models import YoungPerson


def person_rows(people: QuerySet[YoungPerson]) -> list[tuple[Any, ...]]:
    today = timezone.localdate().toordinal()
    interests: dict[int, list[tuple[int, int]]] = {}
    through = YoungPerson.occupations_of_interest.through
    for pid, occ, kldb in through.objects.filter(youngperson__in=people).values_list(
        "youngperson_id", "occupation_id", "occupation__kldb_id"
    ):
        interests.setdefault(pid, []).append((occ, int(kldb)))
    return [
        (pid, lat, lon, interests.get(pid, []), german, cert, today)
        for pid, lat, lon, german, cert in people.values_list(
            "id", "postal_code__lat", "postal_code__lon", "german_level", "certificate"
        )
    ]


def offer_row(offer: Offer) -> tuple[Any, ...]:
    company = offer.company
    return (
        offer.pk,
        company.lat if company.lat is not None else company.postal_code.lat,
        company.lon if company.lon is not None else company.postal_code.lon,
        offer.occupation_id,
        offer.occupation.kldb_id,
        offer.required_certificate,
        offer.required_german,
        offer.start_date.toordinal(),
        offer.free_places,
        offer.status == Offer.Status.OPEN,
    )
