"""Writes of companies and offers."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction

from kausa.companies.models import Company
from kausa.core.tenancy import require_edit_access
from kausa.core.text import search_key
from kausa.reference.models import PostalCode

if TYPE_CHECKING:
    from kausa.accounts.models import Organisation, User


def company_search_text(company: Company) -> str:
    return search_key(f"{company.name} {company.city}")[:400]


@transaction.atomic
def company_create(
    *,
    user: User | None,
    organisation: Organisation,
    name: str,
    postal_code: PostalCode,
    chamber: str,
    street: str = "",
    sector: str = "",
    migrant_led: bool = False,
    lat: float | None = None,
    lon: float | None = None,
    contact_name: str = "",
    contact_email: str = "",
    contact_phone: str = "",
    training_status: str = Company.TrainingStatus.NOT_TRAINING,
    language_codes: tuple[str, ...] = (),
) -> Company:
    require_edit_access(user, organisation.pk)
    company = Company(
        organisation=organisation,
        name=name.strip(),
        street=street,
        postal_code=postal_code,
        city=postal_code.place,
        # Coordinates from the postal-code centroid unless the caller knows better.
        lat=lat if lat is not None else postal_code.lat,
        lon=lon if lon is not None else postal_code.lon,
        sector=sector,
        chamber=chamber,
        migrant_led=migrant_led,
        contact_name=contact_name,
        contact_email=contact_email,
        contact_phone=contact_phone,
        training_status=training_status,
    )
    company.search_text = company_search_text(company)
    company.full_clean(exclude=["languages"])
    company.save()
    if language_codes:
        company.languages.set(language_codes)
    return company
