"""counselling services and selectors the views call instead of the ORM and tenancy."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from kausa.accounts.models import Membership
from kausa.core.models import AuditEntry
from kausa.counselling import selectors, services
from kausa.counselling.models import Handover
from kausa.people.models import Consent
from tests.counselling.factories import CaseFactory
from tests.factories import (
    CompanyFactory,
    MembershipFactory,
    OfferFactory,
    OrganisationFactory,
    YoungPersonFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(advisor, office):
    person = YoungPersonFactory(organisation=office)
    return services.case_open(user=advisor, organisation=office, young_person=person)


def test_handover_with_consent_records_both(case, advisor, partner_org):
    handover = services.handover_create_with_consent(
        user=advisor, case=case, partner=partner_org, purpose_note=" Suche ", language="ar"
    )
    consent = handover.consent
    assert consent.young_person == case.young_person
    assert consent.purpose == Consent.Purpose.CASE_HANDOVER
    assert consent.recipient == partner_org and consent.language == "ar"
    assert handover.purpose_note == "Suche"
    assert AuditEntry.objects.filter(action="handover", object_id=str(case.pk)).exists()


def test_a_failed_handover_leaves_no_consent(case, advisor, partner_org, monkeypatch):
    def refuse(**kwargs: object) -> Handover:
        raise ValidationError("refused")

    # the handover step fails after the consent was written: both roll back together
    monkeypatch.setattr(services, "handover_create", refuse)
    with pytest.raises(ValidationError):
        services.handover_create_with_consent(
            user=advisor, case=case, partner=partner_org, purpose_note=""
        )
    assert not Consent.objects.filter(purpose=Consent.Purpose.CASE_HANDOVER).exists()


def test_handover_with_consent_refuses_other_offices_and_cases_without_a_person(
    case, other_office_advisor, advisor, partner_org, office
):
    with pytest.raises(PermissionDenied):
        services.handover_create_with_consent(
            user=other_office_advisor, case=case, partner=partner_org, purpose_note=""
        )
    company_case = services.case_open(
        user=advisor, organisation=office, company=CompanyFactory(organisation=office)
    )
    with pytest.raises(ValidationError):
        services.handover_create_with_consent(
            user=advisor, case=company_case, partner=partner_org, purpose_note=""
        )
    assert not Consent.objects.exists()


def test_a_case_list_export_is_written_down_in_each_office_acted_for(advisor, office):
    second = OrganisationFactory(name="Zweite Stelle", slug="second")
    MembershipFactory(user=advisor, organisation=second, role=Membership.Role.ORG_ADMIN)
    services.case_list_record_export(user=advisor, fmt="xlsx")
    entries = AuditEntry.objects.filter(action="export", object_type="counselling.case")
    assert {e.organisation_id for e in entries} == {office.pk, second.pk}
    assert {e.detail for e in entries} == {"case list xlsx"}
    assert all(e.actor == advisor for e in entries)


def test_a_case_page_shows_its_open_follow_ups_and_its_offices_open_offers(
    case, advisor, office, other_office
):
    due = dt.date(2027, 1, 4)
    open_one = services.follow_up_create(user=advisor, case=case, title="Anrufen", due_on=due)
    done = services.follow_up_create(user=advisor, case=case, title="Mail", due_on=due)
    services.follow_up_complete(user=advisor, follow_up=done)
    assert list(selectors.case_open_follow_ups(case)) == [open_one]
    ours = OfferFactory(company=CompanyFactory(organisation=office))
    OfferFactory(company=CompanyFactory(organisation=other_office))
    assert list(selectors.case_outcome_offers(case)) == [ours]
    assert not selectors.case_handovers(case).exists()
    assert not selectors.case_referrals(CaseFactory(organisation=office)).exists()
