"""Writes of companies and offers."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kausa.accounts.tenancy import require_edit_access
from kausa.companies.models import Company, Offer, Pipeline, PipelineStage, PipelineStep
from kausa.core.audit import audit
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
        # Language's key is its ISO code; the stubs only know integer keys.
        company.languages.set(language_codes)  # type: ignore[arg-type]
    return company


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
