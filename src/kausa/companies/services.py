"""Writes of companies and offers."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypedDict, Unpack

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kausa.accounts.tenancy import require_edit_access
from kausa.companies.models import (
    CATALOGUE_SOURCES,
    Company,
    Offer,
    Pipeline,
    PipelineStage,
    PipelineStep,
)
from kausa.core.audit import audit
from kausa.core.text import search_key
from kausa.reference.models import Language, PostalCode

if TYPE_CHECKING:
    from kausa.accounts.models import Organisation, User
    from kausa.reference.models import Occupation


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


# Offers entered by staff: the figures count them as offers the office acquired.
STAFF_SOURCE = "kausa"


class OfferChanges(TypedDict, total=False):
    """What staff keep up to date about an offer; a field left out stays as it is."""

    occupation_id: int
    start_date: dt.date
    places: int
    required_certificate: str
    required_german: str
    description: str


@transaction.atomic
def offer_create(
    *,
    user: User,
    company: Company,
    occupation_id: int,
    start_date: dt.date,
    places: int = 1,
    required_certificate: str = "none",
    required_german: str = "none",
    description: str = "",
) -> Offer:
    """A new open offer of the company, entered by staff; it belongs to the company's office
    and counts as acquired by it. A company on its way to training reaches 'first offer
    published'. The public search sees it after the commit (the offer index's stamp)."""
    require_edit_access(user, company.organisation_id)
    offer = Offer(
        organisation_id=company.organisation_id,
        company=company,
        occupation_id=occupation_id,
        start_date=start_date,
        places=places,
        required_certificate=required_certificate,
        required_german=required_german,
        description=description.strip(),
        source=STAFF_SOURCE,
    )
    offer.full_clean()
    offer.save()
    audit(actor=user, action="create", obj=offer, detail=f"company={company.pk}")
    pipeline_reach(
        user=user, company=company, stage=PipelineStage.OFFER_PUBLISHED, on=timezone.localdate()
    )
    return offer


def _open_offer_locked(offer: Offer) -> Offer:
    locked = Offer.objects.select_for_update().get(pk=offer.pk)
    if locked.status != Offer.Status.OPEN:
        raise ValidationError(
            _("This offer is %(status)s; only an open offer can be changed.")
            % {"status": locked.get_status_display()}
        )
    return locked


@transaction.atomic
def offer_update(*, user: User, offer: Offer, **changes: Unpack[OfferChanges]) -> Offer:
    """Change an open offer that staff entered (an imported one is changed by its import);
    returns it as saved. The audit entry names the changed fields, never their values."""
    require_edit_access(user, offer.organisation_id)
    locked = _open_offer_locked(offer)
    if locked.source != STAFF_SOURCE:
        raise ValidationError(
            _("This offer comes from an import; the next import would undo the change.")
        )
    changed = []
    for name, value in changes.items():
        if name not in OfferChanges.__annotations__:
            raise TypeError(f"offer_update() cannot change {name!r}")
        if isinstance(value, str) and name == "description":
            value = value.strip()
        if getattr(locked, name) != value:
            setattr(locked, name, value)
            changed.append(name.removesuffix("_id"))
    if isinstance(locked.places, int) and locked.places < locked.places_filled:
        raise ValidationError(
            {
                "places": _("%(filled)s places are already filled; there cannot be fewer.")
                % {"filled": locked.places_filled}
            }
        )
    locked.full_clean()
    if changed:
        locked.save()
        audit(actor=user, action="update", obj=locked, detail="changed: " + ", ".join(changed))
    return locked


@transaction.atomic
def offer_withdraw(*, user: User, offer: Offer) -> Offer:
    """The company no longer offers the place(s): gone from the public search and matching."""
    require_edit_access(user, offer.organisation_id)
    locked = _open_offer_locked(offer)
    locked.status = Offer.Status.WITHDRAWN
    locked.save(update_fields=["status", "updated_at"])
    audit(actor=user, action="update", obj=locked, detail="status=withdrawn")
    return locked


@transaction.atomic
def offer_mark_filled(*, user: User, offer: Offer) -> Offer:
    """Every place of the offer is taken: gone from the public search and matching."""
    require_edit_access(user, offer.organisation_id)
    locked = _open_offer_locked(offer)
    locked.places_filled = locked.places
    locked.status = Offer.Status.FILLED
    locked.save(update_fields=["places_filled", "status", "updated_at"])
    audit(actor=user, action="update", obj=locked, detail="status=filled")
    return locked


@transaction.atomic
def offer_fill_place(*, user: User | None, offer: Offer) -> Offer:
    """One more place taken; the offer is filled when no place is left."""
    require_edit_access(user, offer.organisation_id)
    locked = Offer.objects.select_for_update().get(pk=offer.pk)
    if locked.places_filled >= locked.places:
        raise ValidationError(_("This offer has no free place left."))
    locked.places_filled += 1
    if locked.places_filled >= locked.places:
        locked.status = Offer.Status.FILLED
    locked.save(update_fields=["places_filled", "status", "updated_at"])
    offer.places_filled, offer.status = locked.places_filled, locked.status
    return locked


@transaction.atomic
def pipeline_start(*, user: User | None, company: Company, advisor: User | None = None) -> Pipeline:
    require_edit_access(user, company.organisation_id)
    pipeline, created = Pipeline.objects.get_or_create(
        company=company,
        defaults={"organisation_id": company.organisation_id, "advisor": advisor or user},
    )
    if created:
        PipelineStep.objects.create(
            pipeline=pipeline, stage=pipeline.stage, reached_on=timezone.localdate(), by=user
        )
        if company.training_status == Company.TrainingStatus.NOT_TRAINING:
            company.training_status = Company.TrainingStatus.PREPARING
            company.save(update_fields=["training_status", "updated_at"])
        audit(actor=user, action="create", obj=pipeline)
    return pipeline


@transaction.atomic
def pipeline_move(
    *, user: User | None, pipeline: Pipeline, stage: str, on: dt.date | None = None
) -> Pipeline:
    """Move a card on the board (forwards or back); each stage keeps the date it was reached."""
    require_edit_access(user, pipeline.organisation_id)
    if stage not in PipelineStage.values:
        raise ValidationError(_("Unknown stage."))
    on = on or timezone.localdate()
    pipeline.stage = stage
    pipeline.save(update_fields=["stage", "updated_at"])
    PipelineStep.objects.update_or_create(
        pipeline=pipeline, stage=stage, defaults={"reached_on": on, "by": user}
    )
    # Steps after the new stage no longer hold when a card moves back.
    later = [s for s in PipelineStage.values if PipelineStage.order(s) > PipelineStage.order(stage)]
    PipelineStep.objects.filter(pipeline=pipeline, stage__in=later).delete()
    company = pipeline.company
    reached_training = PipelineStage.order(stage) >= PipelineStage.order(PipelineStage.RECOGNISED)
    status = (
        Company.TrainingStatus.TRAINING if reached_training else Company.TrainingStatus.PREPARING
    )
    if company.training_status != status:
        company.training_status = status
        company.save(update_fields=["training_status", "updated_at"])
    audit(actor=user, action="update", obj=pipeline, detail=f"stage={stage}")
    return pipeline


def pipeline_reach(*, user: User | None, company: Company, stage: str, on: dt.date) -> None:
    """Move a company forward to ``stage`` if it is in the pipeline and not there yet."""
    pipeline = Pipeline.objects.filter(company=company).first()
    if pipeline and PipelineStage.order(pipeline.stage) < PipelineStage.order(stage):
        pipeline_move(user=user, pipeline=pipeline, stage=stage, on=on)


@transaction.atomic
def pipeline_update_checklist(
    *,
    user: User | None,
    pipeline: Pipeline,
    trainer_name: str,
    trainer_aevo_on: dt.date | None,
    occupation_id: int | None,
    training_plan_done: bool,
    chamber_registered: bool,
) -> Pipeline:
    require_edit_access(user, pipeline.organisation_id)
    pipeline.trainer_name = trainer_name.strip()
    pipeline.trainer_aevo_on = trainer_aevo_on
    pipeline.occupation_id = occupation_id
    pipeline.training_plan_done = training_plan_done
    pipeline.chamber_registered = chamber_registered
    pipeline.save()
    audit(actor=user, action="update", obj=pipeline, detail="checklist")
    return pipeline
