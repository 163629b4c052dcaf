"""Companies entered twice (issue 14, item 3): the nightly check, the new-company form, the
merge (everything moves to the company that stays, each app through its own service)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from kausa.companies import services as company_services
from kausa.companies.models import Company, CompanyDuplicateCandidate, Offer, PipelineStage
from kausa.core.models import AuditEntry
from kausa.counselling.models import Case, Outcome
from kausa.counselling.selectors import company_timeline
from kausa.jobwalk import services as jobwalk_services
from kausa.jobwalk.models import Participation
from kausa.network.models import NetworkProfile, Nomination
from kausa.workspace.services import company_merge
from tests.conftest import login
from tests.counselling.factories import CaseFactory, ConsultationFactory
from tests.factories import OfferFactory, YoungPersonFactory, postal_code
from tests.network.factories import ProfileFactory, edition_with_criteria, nomination

pytestmark = pytest.mark.django_db


def _company(office, name, **more):
    fields = {"postal_code": postal_code("10115"), "chamber": "ihk"} | more
    return company_services.company_create(user=None, organisation=office, name=name, **fields)


@pytest.fixture
def pair(office):
    kept = _company(office, "Bäckerei Yılmaz GmbH", contact_phone="030 1234567")
    other = _company(
        office,
        "Baeckerei Yilmaz",
        contact_email="info@yilmaz-backt.de",
        contact_phone="+49 30 1234567",
        migrant_led=True,
        language_codes=["tr"],
    )
    return kept, other


def test_the_nightly_check_finds_the_pair_and_keeps_decisions(advisor, office, pair):
    kept, other = pair
    _company(office, "Friseursalon Demir")
    check = company_services.company_duplicates_check(organisation_id=office.pk)
    assert (check.companies, check.new) == (3, 1)
    candidate = CompanyDuplicateCandidate.objects.get()
    assert (candidate.company_a_id, candidate.company_b_id) == (kept.pk, other.pk)
    assert {"name_variant", "postal_code_same", "phone_same"} <= set(candidate.reasons)
    company_services.company_duplicate_dismiss(user=advisor, candidate=candidate)
    again = company_services.company_duplicates_check(organisation_id=office.pk)
    assert again.new == 0
    assert CompanyDuplicateCandidate.objects.get().status == "dismissed"


def test_merge_moves_everything_to_the_kept_company(advisor, office, pair):
    kept, other = pair
    case = CaseFactory(
        organisation=office, kind=Case.Kind.COMPANY, company=other, young_person=None, owner=advisor
    )
    ConsultationFactory(case=case, held_on=dt.date(2026, 5, 4), author=advisor)
    offer = OfferFactory(company=other)
    company_services.pipeline_start(user=advisor, company=kept)
    theirs = company_services.pipeline_start(user=advisor, company=other)
    company_services.pipeline_move(
        user=advisor, pipeline=theirs, stage=PipelineStage.values[2], on=dt.date(2026, 5, 1)
    )
    jobwalk_services.participation_set(user=None, company=other, occupation_ids=())
    ProfileFactory(company=other, organisation=office)
    edition = edition_with_criteria(office)
    nominated = nomination(edition, company=other)
    person_case = CaseFactory(
        organisation=office, young_person=YoungPersonFactory(organisation=office)
    )
    contract = Outcome.objects.create(
        organisation=office,
        case=person_case,
        young_person=person_case.young_person,
        kind=Outcome.Kind.CONTRACT,
        recorded_on=dt.date(2026, 6, 1),
        company=other,
    )
    CompanyDuplicateCandidate.objects.create(
        organisation=office, company_a=kept, company_b=other, score=0.98
    )

    merged = company_merge(user=advisor, kept=kept, other=other, take=["name"])

    assert not Company.objects.filter(pk=other.pk).exists()
    assert merged.name == "Baeckerei Yilmaz"
    assert (merged.contact_phone, merged.contact_email) == ("030 1234567", "info@yilmaz-backt.de")
    assert merged.migrant_led
    assert list(merged.languages.values_list("code", flat=True)) == ["tr"]
    case.refresh_from_db()
    assert case.company_id == kept.pk and case.subject_name == "Baeckerei Yilmaz"
    assert Offer.objects.get(pk=offer.pk).company_id == kept.pk
    pipeline = kept.pipeline
    pipeline.refresh_from_db()
    assert pipeline.stage == PipelineStage.values[2]  # the one further along
    assert set(pipeline.steps.values_list("stage", flat=True)) == {
        PipelineStage.values[0],
        PipelineStage.values[2],
    }
    assert Participation.objects.get().company_id == kept.pk
    assert NetworkProfile.objects.get().company_id == kept.pk
    assert Nomination.objects.get(pk=nominated.pk).company_id == kept.pk
    contract.refresh_from_db()
    assert contract.company_id == kept.pk
    kinds = {e.kind for e in company_timeline(user=advisor, company=kept)}
    assert {"consultation", "offer", "pipeline"} <= kinds
    entries = AuditEntry.objects.filter(object_type="companies.company")
    assert entries.get(object_id=str(other.pk), action="delete").detail == (
        f"merged into company {kept.pk}"
    )
    assert "taken: name" in entries.get(object_id=str(kept.pk), action="update").detail


def test_both_with_a_network_profile_are_not_merged_and_nothing_moves(advisor, office, pair):
    kept, other = pair
    ProfileFactory(company=kept, organisation=office)
    ProfileFactory(company=other, organisation=office)
    case = CaseFactory(
        organisation=office, kind=Case.Kind.COMPANY, company=other, young_person=None, owner=advisor
    )
    with pytest.raises(ValidationError):
        company_merge(user=advisor, kept=kept, other=other)
    case.refresh_from_db()
    assert case.company_id == other.pk
    assert Company.objects.filter(pk=other.pk).exists()


def test_another_office_cannot_merge(other_office_advisor, pair):
    kept, other = pair
    with pytest.raises(PermissionDenied):
        company_merge(user=other_office_advisor, kept=kept, other=other)


def test_companies_of_two_offices_are_not_merged(advisor, office, other_office):
    from tests.factories import MembershipFactory

    MembershipFactory(user=advisor, organisation=other_office, role="advisor")
    with pytest.raises(ValidationError):
        company_merge(
            user=advisor,
            kept=_company(office, "Bau Demir"),
            other=_company(other_office, "Bau Demir"),
        )


# Every table that points at a company and who moves it in a merge; a new one fails here
# until the merge moves it (company_merge also refuses to delete a company still pointed at).
MOVED_BY = {
    "companies.Offer.company": "companies.services.company_merge",
    "companies.Pipeline.company": "companies.services.company_merge",
    "companies.CompanyDuplicateCandidate.company_a": "deleted with the company",
    "companies.CompanyDuplicateCandidate.company_b": "deleted with the company",
    "counselling.Case.company": "counselling.services.cases_move_to_company",
    "counselling.FollowUp.company": "counselling.services.cases_move_to_company",
    "counselling.Outcome.company": "counselling.services.cases_move_to_company",
    "events.Station.company": "events.services.event_companies_move",
    "events.SpeedDatingCompany.company": "events.services.event_companies_move",
    "jobwalk.Participation.company": "jobwalk.services.jobwalk_company_move",
    "jobwalk.Station.company": "jobwalk.services.jobwalk_company_move",
    "jobwalk.PlannedStop.company": "jobwalk.services.jobwalk_company_move",
    "network.NetworkProfile.company": "network.services.merge.network_company_move",
    "network.Nomination.company": "network.services.merge.network_company_move",
}


def test_every_relation_to_a_company_is_moved_by_the_merge():
    found = {
        f"{r.related_model._meta.label}.{r.field.name}"
        for r in Company._meta.get_fields(include_hidden=True)  # related_name="+" too
        if r.is_relation and r.auto_created and not r.concrete and not r.many_to_many
    }
    found = {name for name in found if "Company_languages" not in name}
    assert found == set(MOVED_BY)


# --- pages ---------------------------------------------------------------------------------


def _company_form(office, **changes) -> dict:
    return {
        "organisation": office.pk,
        "name": "Baeckerei Yilmaz",
        "postal_code": "10115",
        "chamber": "hwk",
        "training_status": "not_training",
        "contact_phone": "030/1234567",
    } | changes


def test_the_new_company_form_shows_the_probable_duplicate_and_saves_nothing(advisor, office, pair):
    kept, _other = pair
    Company.objects.filter(pk=_other.pk).delete()
    client = login(advisor)
    response = client.post("/en/staff/companies/new/", _company_form(office))
    html = response.content.decode()
    assert response.status_code == 200, html[:2000]
    assert "Probably the same company" in html
    assert f'href="/en/staff/companies/{kept.pk}/"' in html
    assert Company.objects.count() == 1
    response = client.post("/en/staff/companies/new/", _company_form(office, save_anyway="1"))
    assert response.status_code == 302
    assert Company.objects.count() == 2


def test_the_duplicates_page_lists_company_pairs_and_merges_them(advisor, office, pair):
    kept, other = pair
    candidate = CompanyDuplicateCandidate.objects.create(
        organisation=office,
        company_a=kept,
        company_b=other,
        score=0.97,
        reasons=["name_variant", "postal_code_same"],
    )
    client = login(advisor)
    html = client.get("/en/staff/duplicates/").content.decode()
    assert "same name but for the legal form or spelling" in html
    assert f'href="/en/staff/duplicates/companies/{candidate.pk}/merge/"' in html
    companies = client.get("/en/staff/companies/").content.decode()
    assert 'href="/en/staff/duplicates/#companies"' in companies
    page = client.get(f"/en/staff/duplicates/companies/{candidate.pk}/merge/").content.decode()
    assert 'name="f_name"' in page and 'name="f_contact_phone"' in page
    response = client.post(
        f"/en/staff/duplicates/companies/{candidate.pk}/merge/",
        {"keep": "a", "f_name": "a", "f_contact_phone": "a"},
    )
    assert response.status_code == 302
    assert response["Location"] == f"/en/staff/companies/{kept.pk}/"
    assert not Company.objects.filter(pk=other.pk).exists()


def test_a_merge_that_cannot_happen_says_why_with_400(advisor, office, pair):
    kept, other = pair
    ProfileFactory(company=kept, organisation=office)
    ProfileFactory(company=other, organisation=office)
    candidate = CompanyDuplicateCandidate.objects.create(
        organisation=office, company_a=kept, company_b=other, score=0.97
    )
    response = login(advisor).post(
        f"/en/staff/duplicates/companies/{candidate.pk}/merge/",
        {"keep": "a", "f_name": "a", "f_contact_phone": "a"},
    )
    assert response.status_code == 400
    assert "network profile" in response.content.decode()


def test_another_office_gets_404_for_a_company_pair(other_office_advisor, office, pair):
    kept, other = pair
    candidate = CompanyDuplicateCandidate.objects.create(
        organisation=office, company_a=kept, company_b=other, score=0.97
    )
    client = login(other_office_advisor)
    assert client.get(f"/en/staff/duplicates/companies/{candidate.pk}/merge/").status_code == 404
    dismiss = f"/en/staff/duplicates/companies/{candidate.pk}/dismiss/"
    assert client.post(dismiss).status_code == 404
