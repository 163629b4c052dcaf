"""Writes of companies: as staff enter and keep them, and as imports create them."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, TypedDict, Unpack

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from kausa.accounts.tenancy import require_edit_access
from kausa.companies.models import Company
from kausa.core.audit import audit
from kausa.core.text import search_key
from kausa.reference.models import Language, PostalCode

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
    training_history: str = "",
    language_codes: Iterable[str] = (),
    city: str = "",
    website: str = "",
) -> Company:
    require_edit_access(user, organisation.pk)
    company = Company(
        organisation=organisation,
        name=name.strip(),
        street=street,
        postal_code=postal_code,
        city=city.strip() or postal_code.place,
        website=website,
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
        training_history=training_history,
    )
    company.search_text = company_search_text(company)
    company.full_clean(exclude=["languages"])
    company.save()
    codes = list(language_codes)
    if codes:
        # Language's key is its ISO code; the stubs only know integer keys.
        company.languages.set(codes)  # type: ignore[arg-type]
    return company


@transaction.atomic
def company_create_by_staff(*, user: User, **fields: Any) -> Company:
    """A company as an advisor enters it on the staff pages (company_create, audited)."""
    codes = list(fields.pop("language_codes", ()))
    _check_languages(codes)
    company = company_create(user=user, language_codes=codes, **fields)
    audit(actor=user, action="create", obj=company)
    return company


class CompanyChanges(TypedDict, total=False):
    """What staff keep up to date about a company; a field left out stays as it is."""

    name: str
    street: str
    postal_code_id: str
    city: str
    sector: str
    chamber: str
    migrant_led: bool
    training_status: str
    training_history: str
    contact_name: str
    contact_email: str
    contact_phone: str
    website: str
    language_codes: Iterable[str]


def _check_languages(codes: Iterable[str]) -> set[str]:
    wanted = set(codes)
    if Language.objects.filter(code__in=wanted).count() != len(wanted):
        raise ValidationError({"languages": _("Please choose from the list.")})
    return wanted


def _place_at(company: Company, *, moved: bool, city_given: bool, changed: list[str]) -> None:
    """After a new postal code: the coordinates of its centre, and its place unless staff
    named one; an emptied place becomes the postal code's."""
    place = PostalCode.objects.filter(code=company.postal_code_id).first()
    if place is None:
        message = _("%(code)s is not a German postal code.") % {"code": company.postal_code_id}
        raise ValidationError({"postal_code": message})
    if moved:
        company.lat, company.lon = place.lat, place.lon
    if (moved and not city_given) or not company.city:
        if company.city != place.place and "city" not in changed:
            changed.append("city")
        company.city = place.place


@transaction.atomic
def company_update(
    *, user: User | None, company: Company, **changes: Unpack[CompanyChanges]
) -> Company:
    """Change a company's record; returns it as saved. A new postal code moves the company
    to that code's centre (and place, unless one is given). The audit entry names the changed
    fields, never their values; nothing is written when nothing changed. The cases' copies
    of the name are the counselling app's to refresh."""
    require_edit_access(user, company.organisation_id)
    locked = Company.objects.select_for_update().get(pk=company.pk)
    languages = changes.pop("language_codes", None)
    moved = changes.get("postal_code_id", locked.postal_code_id) != locked.postal_code_id
    changed = []
    for name, value in changes.items():
        if name not in CompanyChanges.__annotations__:
            raise TypeError(f"company_update() cannot change {name!r}")
        if isinstance(value, str) and name in ("name", "city", "street"):
            value = value.strip()
        if getattr(locked, name) != value:
            setattr(locked, name, value)
            changed.append(name.removesuffix("_id"))
    if moved or not locked.city:
        _place_at(locked, moved=moved, city_given=bool(changes.get("city")), changed=changed)
    locked.search_text = company_search_text(locked)
    locked.full_clean(exclude=["languages"])
    if languages is not None:
        codes = _check_languages(languages)
        if codes != set(locked.languages.values_list("code", flat=True)):
            locked.languages.set(list(codes))  # type: ignore[arg-type]  # keyed by ISO code
            changed.append("languages")
    if changed:
        locked.save()
        audit(actor=user, action="update", obj=locked, detail="changed: " + ", ".join(changed))
    return locked
