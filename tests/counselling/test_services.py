from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from kausa.companies.models import Company, PipelineStage
from kausa.companies.services import pipeline_move, pipeline_start
from kausa.core.models import AuditEntry
from kausa.counselling import services
from kausa.counselling.models import Case, Referral
from kausa.counselling.selectors import case_get, case_list
from kausa.people.models import Consent
from kausa.people.services import consent_record, consent_withdraw
from tests.counselling.factories import CaseFactory, ReferralFactory
from tests.factories import (
    TEST_NOW,
    TEST_TODAY,
    CompanyFactory,
    OfferFactory,
    OrganisationFactory,
    YoungPersonFactory,
)

# Consultations may not lie in the future, and opening, referring and recording take today's
# date: the clock is set to one day (and runs on) so that the dates below keep their place.
pytestmark = [pytest.mark.django_db, pytest.mark.time_machine(TEST_NOW)]


@pytest.fixture
def case(advisor, office):
    person = YoungPersonFactory(organisation=office, german_level="B1")
    return services.case_open(user=advisor, organisation=office, young_person=person)


def test_case_open_writes_an_audit_entry(case, advisor):
    entry = AuditEntry.objects.get(object_type="counselling.case", object_id=str(case.pk))
    assert entry.action == "create" and entry.actor == advisor


def test_advisor_cannot_open_a_case_in_another_office(other_office_advisor, office):
    person = YoungPersonFactory(organisation=office)
    with pytest.raises(PermissionDenied):
        services.case_open(user=other_office_advisor, organisation=office, young_person=person)


def test_consultation_is_recorded_with_topics(case, advisor):
    consultation = services.consultation_record(
        user=advisor,
        case=case,
        held_on=dt.date(2026, 11, 2),
        channel="phone",
        duration_minutes=30,
        language_code="ar",
        interpreter=True,
        topics=["language", "applications", "language"],
    )
    assert consultation.topics == ["language", "applications"]
    assert consultation.organisation_id == case.organisation_id


def test_consultation_with_unknown_topic_or_future_date_is_refused(case, advisor):
    with pytest.raises(ValidationError):
        services.consultation_record(
            user=advisor,
            case=case,
            held_on=dt.date(2026, 11, 2),
            channel="phone",
            duration_minutes=30,
            language_code="de",
            topics=["astrology"],
        )
    with pytest.raises(ValidationError):
        services.consultation_record(
            user=advisor,
            case=case,
            held_on=TEST_TODAY + dt.timedelta(days=1),
            channel="phone",
            duration_minutes=30,
            language_code="de",
            topics=["other"],
        )
    assert not case.consultations.exists()


def test_referral_moves_step_by_step_with_dates(case, advisor):
    referral = services.referral_create(
        user=advisor,
        case=case,
        kind="azubi_bsk",
        target_name="Sprachschule Brücke",
        course_level="B2",
        lesson_format="part_time",
    )
    services.referral_advance(
        user=advisor, referral=referral, status="registered", on=dt.date(2026, 9, 1)
    )
    assert referral.registered_on == dt.date(2026, 9, 1)
    with pytest.raises(ValidationError):
        services.referral_advance(user=advisor, referral=referral, status="completed")
    services.referral_advance(user=advisor, referral=referral, status="started")
    assert referral.status == "started"


def test_azubi_bsk_referral_needs_course_level(case, advisor):
    with pytest.raises(ValidationError):
        services.referral_create(user=advisor, case=case, kind="azubi_bsk", target_name="X")


def test_passed_exam_raises_german_level_and_failed_does_not(case, advisor):
    referral = ReferralFactory(
        case=case, organisation=case.organisation, status="started", course_level="B2"
    )
    failed = ReferralFactory(
        case=case, organisation=case.organisation, status="started", course_level="C1"
    )
    services.referral_record_exam(
        user=advisor, referral=failed, result="failed", exam_on=dt.date(2026, 11, 1)
    )
    case.young_person.refresh_from_db()
    assert case.young_person.german_level == "B1"
    services.referral_record_exam(
        user=advisor, referral=referral, result="passed", exam_on=dt.date(2026, 11, 2)
    )
    case.young_person.refresh_from_db()
    assert case.young_person.german_level == "B2"
    assert referral.status == Referral.Status.COMPLETED


def test_contract_fills_offer_and_moves_company_pipeline(case, advisor, office):
    company = CompanyFactory(organisation=office)
    pipeline = pipeline_start(user=advisor, company=company)
    pipeline_move(user=advisor, pipeline=pipeline, stage=PipelineStage.OFFER_PUBLISHED)
    offer = OfferFactory(company=company, places=2)
    services.outcome_record(
        user=advisor, case=case, kind="contract", offer=offer, starts_on=dt.date(2027, 8, 1)
    )
    offer.refresh_from_db()
    pipeline.refresh_from_db()
    assert offer.places_filled == 1 and offer.status == "open"
    assert pipeline.stage == PipelineStage.APPRENTICE_STARTED
    assert pipeline.steps.filter(
        stage="apprentice_started", reached_on=dt.date(2027, 8, 1)
    ).exists()
    second = CaseFactory(organisation=office)
    services.outcome_record(user=advisor, case=second, kind="contract", offer=offer)
    offer.refresh_from_db()
    assert offer.places_filled == 2 and offer.status == "filled"
    third = CaseFactory(organisation=office)
    with pytest.raises(ValidationError):
        services.outcome_record(user=advisor, case=third, kind="contract", offer=offer)
    assert not third.outcomes.exists()


def test_contract_without_company_or_occupation_is_refused(case, advisor):
    with pytest.raises(ValidationError):
        services.outcome_record(user=advisor, case=case, kind="contract")
    assert not case.outcomes.exists()


def test_pipeline_moving_back_forgets_later_steps(advisor, office):
    company = CompanyFactory(organisation=office)
    pipeline = pipeline_start(user=advisor, company=company)
    pipeline_move(user=advisor, pipeline=pipeline, stage=PipelineStage.RECOGNISED)
    company.refresh_from_db()
    assert company.training_status == Company.TrainingStatus.TRAINING
    pipeline_move(user=advisor, pipeline=pipeline, stage=PipelineStage.ADVISED)
    assert set(pipeline.steps.values_list("stage", flat=True)) == {"first_contact", "advised"}


def test_closing_needs_a_reason(case, advisor):
    with pytest.raises(ValidationError):
        services.case_set_status(user=advisor, case=case, status="closed")
    services.case_set_status(user=advisor, case=case, status="closed", closing_reason="placed")
    assert case.closed_on is not None


def _handover(case, advisor, partner_org, recipient=None, purpose=Consent.Purpose.CASE_HANDOVER):
    consent = consent_record(
        user=advisor,
        young_person=case.young_person,
        purpose=purpose,
        recipient=recipient or partner_org,
    )
    return services.handover_create(
        user=advisor,
        case=case,
        partner=partner_org,
        consent=consent,
        purpose_note="Ausbildungssuche",
    )


def test_handover_needs_consent_for_exactly_that_partner(case, advisor, partner_org, other_office):
    with pytest.raises(ValidationError):
        _handover(case, advisor, partner_org, recipient=other_office)
    with pytest.raises(ValidationError):
        _handover(case, advisor, partner_org, purpose=Consent.Purpose.CONTACT)
    assert not case.handovers.exists()


def test_partner_sees_handed_over_case_only_until_consent_is_withdrawn(
    case, advisor, partner, partner_org, office
):
    other_case = CaseFactory(organisation=office)
    assert not case_list(user=partner).exists()
    handover = _handover(case, advisor, partner_org)
    assert list(case_list(user=partner)) == [case]
    assert case_get(user=partner, pk=case.pk) == case
    services.consultation_record(
        user=partner,
        case=case,
        held_on=dt.date(2026, 11, 20),
        channel="in_person",
        duration_minutes=60,
        language_code="de",
        topics=["applications"],
    )
    with pytest.raises(PermissionDenied):
        services.referral_create(user=partner, case=case, kind="school", target_name="OSZ")
    consent_withdraw(user=advisor, consent=handover.consent)
    assert not case_list(user=partner).exists()
    from django.http import Http404

    with pytest.raises(Http404):
        case_get(user=partner, pk=case.pk)
    with pytest.raises(Http404):
        case_get(user=partner, pk=other_case.pk)


def test_audit_entries_cannot_be_changed(case):
    entry = AuditEntry.objects.first()
    entry.detail = "changed"
    with pytest.raises(ValueError):
        entry.save()
    with pytest.raises(ValueError):
        entry.delete()


def test_case_subject_constraint(office, advisor):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        Case.objects.create(
            organisation=office, kind="company", owner=advisor, opened_on=dt.date(2026, 1, 1)
        )


def test_public_request_becomes_a_follow_up_of_the_offices_advisor(advisor, office):
    follow_up = services.follow_up_for_office(
        organisation_id=office.pk, title="Anfrage zu einem Angebot", link="/de/staff/x/"
    )
    assert follow_up.assignee == advisor
    assert follow_up.case is None
    from kausa.counselling.selectors import my_follow_ups

    assert my_follow_ups(user=advisor) == [follow_up]


def test_office_without_advisor_passes_the_request_to_its_landesstelle(
    office, landesstelle, advisor
):
    from tests.conftest import _member

    boss = _member(landesstelle, "advisor")
    quiet = OrganisationFactory(name="Servicestelle ohne Team", slug="quiet", parent=landesstelle)
    follow_up = services.follow_up_for_office(organisation_id=quiet.pk, title="Anfrage")
    assert follow_up.assignee == boss
    assert follow_up.organisation_id == landesstelle.pk


def test_office_without_advisor_gets_no_follow_up(other_office):
    assert services.follow_up_for_office(organisation_id=other_office.pk, title="x") is None


def test_follow_up_links_stay_inside_the_site(advisor, office):
    follow_up = services.follow_up_for_office(
        organisation_id=office.pk, title="x", link="javascript:alert(1)"
    )
    assert follow_up.link == ""


def test_proposing_an_offer_opens_a_case_and_shows_in_the_timeline(advisor, office):
    from kausa.counselling.selectors import person_timeline

    person = YoungPersonFactory(organisation=office)
    offer = OfferFactory(company=CompanyFactory(organisation=office, name="Autohaus Kaya"))
    proposal = services.offer_propose(user=advisor, young_person=person, offer=offer, score=0.8)
    again = services.offer_propose(user=advisor, young_person=person, offer=offer)
    assert again == proposal
    assert proposal.case.young_person == person and proposal.case.status == "open"
    entries = person_timeline(user=advisor, person=person)
    assert [(e.kind, e.detail.split(" · ")[0]) for e in entries] == [("proposal", "Autohaus Kaya")]


def test_other_office_cannot_propose_to_my_people(other_office_advisor, office):
    person = YoungPersonFactory(organisation=office)
    offer = OfferFactory(company=CompanyFactory(organisation=office))
    with pytest.raises(PermissionDenied):
        services.offer_propose(user=other_office_advisor, young_person=person, offer=offer)
