"""Writes of the way to becoming a training company: the board and its checklist."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kausa.accounts.tenancy import require_edit_access
from kausa.companies.models import Company, Pipeline, PipelineStage, PipelineStep
from kausa.core.audit import audit

if TYPE_CHECKING:
    from kausa.accounts.models import User


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
