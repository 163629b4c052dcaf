"""companies.services: the way of a company to its first apprentice (the pipeline board)."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError

from kausa.companies.models import Company, Pipeline, PipelineStage, PipelineStep
from kausa.companies.services import (
    pipeline_move,
    pipeline_reach,
    pipeline_start,
    pipeline_update_checklist,
)
from kausa.core.models import AuditEntry
from tests.factories import CompanyFactory, MembershipFactory, occupation

pytestmark = pytest.mark.django_db

# A Thursday afternoon in Berlin; the dates the services write are Berlin's.
NOW = dt.datetime(2027, 3, 11, 15, 0, tzinfo=dt.UTC)
TODAY = dt.date(2027, 3, 11)


def _audit(pipeline: Pipeline) -> list[tuple[str, str]]:
    rows = AuditEntry.objects.filter(
        object_type="companies.pipeline", object_id=str(pipeline.pk)
    ).order_by("id")
    return [(row.action, row.detail) for row in rows]


def _steps(pipeline: Pipeline) -> dict[str, dt.date]:
    return dict(PipelineStep.objects.filter(pipeline=pipeline).values_list("stage", "reached_on"))


@pytest.fixture
def company(office) -> Company:
    return CompanyFactory(organisation=office)


@pytest.fixture
def pipeline(advisor, company) -> Pipeline:
    with time_machine.travel(NOW, tick=False):
        return pipeline_start(user=advisor, company=company)


def test_starting_puts_the_company_on_the_board_at_first_contact(advisor, company):
    with time_machine.travel(NOW, tick=False):
        pipeline = pipeline_start(user=advisor, company=company)

    assert pipeline.organisation_id == company.organisation_id
    assert pipeline.stage == PipelineStage.FIRST_CONTACT
    assert pipeline.advisor == advisor
    assert _steps(pipeline) == {PipelineStage.FIRST_CONTACT: TODAY}
    company.refresh_from_db()
    assert company.training_status == Company.TrainingStatus.PREPARING
    assert _audit(pipeline) == [("create", "")]


def test_starting_twice_keeps_the_one_pipeline(advisor, company, pipeline):
    again = pipeline_start(user=advisor, company=company)
    assert again == pipeline
    assert Pipeline.objects.count() == 1
    assert len(_steps(pipeline)) == 1
    assert _audit(pipeline) == [("create", "")]


def test_starting_names_another_advisor_and_keeps_a_training_status(advisor, office):
    colleague = MembershipFactory(organisation=office).user
    company = CompanyFactory(organisation=office, training_status=Company.TrainingStatus.TRAINING)
    pipeline = pipeline_start(user=advisor, company=company, advisor=colleague)
    assert pipeline.advisor == colleague
    company.refresh_from_db()
    assert company.training_status == Company.TrainingStatus.TRAINING


def test_another_office_cannot_start_or_move_a_pipeline(other_office_advisor, company, pipeline):
    other = CompanyFactory(organisation=company.organisation)
    with pytest.raises(PermissionDenied):
        pipeline_start(user=other_office_advisor, company=other)
    with pytest.raises(PermissionDenied):
        pipeline_move(user=other_office_advisor, pipeline=pipeline, stage=PipelineStage.ADVISED)
    assert not Pipeline.objects.filter(company=other).exists()
    pipeline.refresh_from_db()
    assert pipeline.stage == PipelineStage.FIRST_CONTACT


def test_moving_forwards_keeps_each_stage_with_its_date(advisor, company, pipeline):
    pipeline_move(
        user=advisor, pipeline=pipeline, stage=PipelineStage.ADVISED, on=dt.date(2027, 3, 20)
    )
    pipeline_move(
        user=advisor,
        pipeline=pipeline,
        stage=PipelineStage.AEVO_ARRANGED,
        on=dt.date(2027, 4, 2),
    )
    pipeline.refresh_from_db()
    assert pipeline.stage == PipelineStage.AEVO_ARRANGED
    assert _steps(pipeline) == {
        PipelineStage.FIRST_CONTACT: TODAY,
        PipelineStage.ADVISED: dt.date(2027, 3, 20),
        PipelineStage.AEVO_ARRANGED: dt.date(2027, 4, 2),
    }
    company.refresh_from_db()
    assert company.training_status == Company.TrainingStatus.PREPARING
    assert _audit(pipeline)[1:] == [
        ("update", "stage=advised"),
        ("update", "stage=aevo_arranged"),
    ]


def test_moving_without_a_date_records_today(advisor, pipeline):
    with time_machine.travel(NOW + dt.timedelta(days=5), tick=False):
        pipeline_move(user=advisor, pipeline=pipeline, stage=PipelineStage.ADVISED)
    assert _steps(pipeline)[PipelineStage.ADVISED] == TODAY + dt.timedelta(days=5)


def test_recognition_makes_a_training_company_and_moving_back_undoes_it(advisor, company, pipeline):
    pipeline_move(
        user=advisor, pipeline=pipeline, stage=PipelineStage.RECOGNISED, on=dt.date(2027, 5, 3)
    )
    company.refresh_from_db()
    assert company.training_status == Company.TrainingStatus.TRAINING

    pipeline_move(
        user=advisor, pipeline=pipeline, stage=PipelineStage.ADVISED, on=dt.date(2027, 5, 4)
    )
    company.refresh_from_db()
    assert company.training_status == Company.TrainingStatus.PREPARING
    # Stages after the one the card moved back to no longer hold.
    assert set(_steps(pipeline)) == {PipelineStage.FIRST_CONTACT, PipelineStage.ADVISED}
    assert _steps(pipeline)[PipelineStage.ADVISED] == dt.date(2027, 5, 4)


def test_an_unknown_stage_is_refused(advisor, pipeline):
    with pytest.raises(ValidationError):
        pipeline_move(user=advisor, pipeline=pipeline, stage="hired_by_magic")
    pipeline.refresh_from_db()
    assert pipeline.stage == PipelineStage.FIRST_CONTACT
    assert len(_audit(pipeline)) == 1


def test_reach_only_moves_forwards(advisor, company, pipeline):
    pipeline_reach(
        user=advisor, company=company, stage=PipelineStage.RECOGNISED, on=dt.date(2027, 6, 1)
    )
    pipeline.refresh_from_db()
    assert pipeline.stage == PipelineStage.RECOGNISED

    pipeline_reach(
        user=advisor, company=company, stage=PipelineStage.ADVISED, on=dt.date(2027, 6, 2)
    )
    pipeline.refresh_from_db()
    assert pipeline.stage == PipelineStage.RECOGNISED
    assert _steps(pipeline)[PipelineStage.RECOGNISED] == dt.date(2027, 6, 1)


def test_reach_leaves_a_company_off_the_board_alone(advisor, office):
    company = CompanyFactory(organisation=office)
    pipeline_reach(
        user=advisor,
        company=company,
        stage=PipelineStage.APPRENTICE_STARTED,
        on=dt.date(2027, 8, 1),
    )
    assert not Pipeline.objects.exists()
    assert not AuditEntry.objects.filter(object_type="companies.pipeline").exists()


def test_the_checklist_is_saved_and_audited(advisor, pipeline):
    pipeline_update_checklist(
        user=advisor,
        pipeline=pipeline,
        trainer_name="  Frau Demir ",
        trainer_aevo_on=dt.date(2027, 2, 1),
        occupation_id=occupation().pk,
        training_plan_done=True,
        chamber_registered=False,
    )
    pipeline.refresh_from_db()
    assert pipeline.trainer_name == "Frau Demir"
    assert pipeline.trainer_aevo_on == dt.date(2027, 2, 1)
    assert [done for _label, done in pipeline.checklist()] == [True, True, True, False]
    assert _audit(pipeline)[-1] == ("update", "checklist")


def test_another_office_cannot_change_the_checklist(other_office_advisor, pipeline):
    with pytest.raises(PermissionDenied):
        pipeline_update_checklist(
            user=other_office_advisor,
            pipeline=pipeline,
            trainer_name="Herr X",
            trainer_aevo_on=None,
            occupation_id=None,
            training_plan_done=True,
            chamber_registered=True,
        )
    pipeline.refresh_from_db()
    assert pipeline.trainer_name == "" and not pipeline.training_plan_done
