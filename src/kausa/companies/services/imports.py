"""Writes of an offer import: an office's feed or the shared catalogue, run by the system."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone

from kausa.companies.models import CATALOGUE_SOURCES, Company, Offer
from kausa.companies.services.companies import company_create
from kausa.reference.models import PostalCode

if TYPE_CHECKING:
    from kausa.accounts.models import Organisation
    from kausa.reference.models import Occupation


@dataclass
class ImportedOffer:
    """One offer as an import file gives it; its company is known by name and postal code."""

    external_id: str
    company_name: str
    postal_code: PostalCode
    occupation: Occupation
    start_date: dt.date
    places: int = 1
    street: str = ""
    lat: float | None = None
    lon: float | None = None
    required_certificate: str = "none"
    required_german: str = "none"
    description: str = ""
    website: str = ""


@dataclass(frozen=True)
class OfferImportCounts:
    created: int = 0
    updated: int = 0
    withdrawn: int = 0
    # offers of a shared catalogue that another office looks after: refreshed, not moved
    already_in_catalogue: int = 0
    # new offers of a company another office already looks after (they join that office)
    with_other_office: int = 0


def _company_for_import(
    row: ImportedOffer,
    organisation: Organisation,
    seen: dict[tuple[str, str, bool], Company],
    *,
    anywhere: bool = False,
) -> Company:
    """The office's company of that name at that postal code, created when it is new.

    ``anywhere``: for a new offer of a shared catalogue, a company of that name and postal
    code that another office looks after is taken when the office has none (never moved)."""
    key = (row.company_name, row.postal_code.code, anywhere)
    if key not in seen:
        same = Company.objects.filter(name=row.company_name, postal_code=row.postal_code)
        found = same.filter(organisation=organisation).order_by("id").first()
        if found is None and anywhere:
            found = same.order_by("id").first()
        if found is None:
            chamber = {"IHK": "ihk", "HWK": "hwk"}.get(row.occupation.chamber, "other")
            found = company_create(
                user=None,
                organisation=organisation,
                name=row.company_name,
                postal_code=row.postal_code,
                chamber=chamber,
                street=row.street,
                sector=row.occupation.sector,
                lat=row.lat,
                lon=row.lon,
                training_status=Company.TrainingStatus.TRAINING,
            )
            if row.website:
                found.website = row.website
                found.save(update_fields=["website"])
        seen[key] = found
    return seen[key]


@transaction.atomic
def offers_upsert_from_import(
    *,
    organisation: Organisation,
    source: str,
    rows: Mapping[str, ImportedOffer],
    full: bool = False,
) -> OfferImportCounts:
    """Write an import's offers (keyed by external id) for the office, run by the system.

    Idempotent: an offer seen before is updated, a withdrawn one comes back open; companies
    are found or created per name and postal code. Nothing moves from one office to
    another. A source in ``CATALOGUE_SOURCES`` (the BA's national reference numbers) is one
    catalogue for all offices: an offer another office imported first stays with that
    office (its data is refreshed and it counts as already in the catalogue), and a new
    offer of a company another office looks after joins that company. Other sources are
    the office's own feed, keyed by office, source and external id.

    The office is recorded as listing each offer of the file. With ``full`` the rows are
    the office's whole feed of the source: offers it listed before and misses now are no
    longer listed by it, and the open ones that no office lists any more are withdrawn."""
    shared = source in CATALOGUE_SOURCES
    created = updated = already = with_other = 0
    found = Offer.objects.select_for_update().filter(source=source, external_id__in=list(rows))
    if not shared:
        found = found.filter(organisation=organisation)
    existing = {o.external_id: o for o in found}
    companies: dict[tuple[str, str, bool], Company] = {}
    listed: list[int] = []
    for external_id, row in rows.items():
        offer = existing.get(external_id)
        if offer is None:
            company = _company_for_import(row, organisation, companies, anywhere=shared)
            offer = Offer(
                organisation_id=company.organisation_id,
                source=source,
                external_id=external_id,
                company=company,
            )
            created += 1
            with_other += company.organisation_id != organisation.pk
        elif offer.organisation_id == organisation.pk:
            offer.company = _company_for_import(row, organisation, companies)
            updated += 1
        else:  # another office looks after it: the catalogue keeps it there
            already += 1
        offer.occupation = row.occupation
        offer.start_date = row.start_date
        offer.places = row.places
        offer.places_filled = min(offer.places_filled, row.places)
        offer.required_certificate = row.required_certificate
        offer.required_german = row.required_german
        offer.description = row.description
        if offer.status == Offer.Status.WITHDRAWN:
            offer.status = Offer.Status.OPEN  # back in the feed
        offer.full_clean()
        offer.save()
        listed.append(offer.pk)
    listing = Offer.listed_by.through
    listing.objects.bulk_create(
        [listing(offer_id=pk, organisation_id=organisation.pk) for pk in listed],
        batch_size=1000,
        ignore_conflicts=True,
    )
    withdrawn = 0
    if full:
        missed = list(
            Offer.objects.filter(source=source, listed_by=organisation)
            .exclude(external_id__in=list(rows))
            .exclude(external_id="")
            .values_list("pk", flat=True)
        )
        listing.objects.filter(offer_id__in=missed, organisation_id=organisation.pk).delete()
        withdrawn = (
            Offer.objects.filter(pk__in=missed, status=Offer.Status.OPEN)
            .exclude(pk__in=listing.objects.values("offer_id"))
            .update(status=Offer.Status.WITHDRAWN, updated_at=timezone.now())
        )
    return OfferImportCounts(
        created=created,
        updated=updated,
        withdrawn=withdrawn,
        already_in_catalogue=already,
        with_other_office=with_other,
    )
