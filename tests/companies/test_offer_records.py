"""Offers entered, changed, withdrawn and marked filled on the staff pages (issue 14, item 2)."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError

from kausa.companies.models import Offer, PipelineStage
from kausa.companies.services import (
    offer_create,
    offer_mark_filled,
    offer_update,
    offer_withdraw,
    pipeline_start,
)
from kausa.core.models import AuditEntry
from kausa.matching.index import offer_index_invalidate
from kausa.matching.selectors import offer_search, origin_for
from tests.conftest import login
from tests.factories import CompanyFactory, OfferFactory, occupation

pytestmark = pytest.mark.django_db

TODAY = dt.datetime(2027, 3, 11, 9, 0, tzinfo=dt.UTC)
START = dt.date(2027, 8, 1)


@pytest.fixture(autouse=True)
def _fresh_offer_index():
    """Each test's offers roll back at its end: never reuse another test's index."""
    offer_index_invalidate(full=True)
    yield
    offer_index_invalidate(full=True)


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(TODAY, tick=False):
        yield


def _audit(offer) -> list[tuple[str, str]]:
    rows = AuditEntry.objects.filter(object_type="companies.offer", object_id=str(offer.pk))
    return [(row.action, row.detail) for row in rows.order_by("id")]


def _publicly_found() -> set[int]:
    found = offer_search(public=True, origin=origin_for(plz="10115"), radius_km=25, limit=50)
    return {hit.offer["id"] for hit in found.hits}


def _form(**changes) -> dict:
    data = {
        "occupation": str(occupation().pk),
        "start_date": "2027-08-01",
        "places": "2",
        "required_certificate": "first",
        "required_german": "B1",
        "description": "Wir freuen uns auf dich.",
    }
    return data | changes


# --- services ---------------------------------------------------------------------------


def test_an_offer_entered_by_staff_counts_as_the_offices_own_and_is_public(advisor, office):
    company = CompanyFactory(organisation=office)
    offer = offer_create(
        user=advisor,
        company=company,
        occupation_id=occupation().pk,
        start_date=START,
        places=2,
        required_german="B1",
        description="  Mit Sprachkurs.  ",
    )
    offer.refresh_from_db()
    assert offer.organisation == office and offer.company == company
    assert offer.source == "kausa" and offer.external_id == ""
    assert offer.status == Offer.Status.OPEN and offer.free_places == 2
    assert offer.description == "Mit Sprachkurs."
    assert _audit(offer) == [("create", f"company={company.pk}")]
    assert offer.pk in _publicly_found()


def test_a_first_offer_moves_the_company_on_its_way_to_training(advisor, office):
    company = CompanyFactory(organisation=office)
    pipeline = pipeline_start(user=advisor, company=company)
    offer_create(user=advisor, company=company, occupation_id=occupation().pk, start_date=START)
    pipeline.refresh_from_db()
    assert pipeline.stage == PipelineStage.OFFER_PUBLISHED


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("occupation_id", 10**9),
        ("places", 0),
        ("places", 501),
        ("required_certificate", "phd"),
        ("required_german", "Z9"),
    ],
)
def test_an_invalid_offer_is_refused_and_nothing_saved(advisor, office, field, value):
    company = CompanyFactory(organisation=office)
    fields = {"occupation_id": occupation().pk, "start_date": START, field: value}
    with pytest.raises(ValidationError) as error:
        offer_create(user=advisor, company=company, **fields)
    assert field.removesuffix("_id") in error.value.message_dict
    assert not Offer.objects.exists()


def test_another_office_cannot_add_an_offer(other_office_advisor, office):
    company = CompanyFactory(organisation=office)
    with pytest.raises(PermissionDenied):
        offer_create(
            user=other_office_advisor,
            company=company,
            occupation_id=occupation().pk,
            start_date=START,
        )
    assert not Offer.objects.exists()


def test_update_changes_the_offer_and_audits_the_field_names(advisor, office):
    offer = OfferFactory(company=CompanyFactory(organisation=office), places=2)
    cook = occupation("Koch/Köchin")
    offer_update(user=advisor, offer=offer, occupation_id=cook.pk, places=3, description="Neu")
    offer.refresh_from_db()
    assert offer.occupation == cook and offer.places == 3
    assert _audit(offer) == [("update", "changed: occupation, places, description")]


def test_places_cannot_drop_below_the_places_already_filled(advisor, office):
    offer = OfferFactory(company=CompanyFactory(organisation=office), places=3, places_filled=2)
    with pytest.raises(ValidationError) as error:
        offer_update(user=advisor, offer=offer, places=1)
    assert "places" in error.value.message_dict
    offer.refresh_from_db()
    assert offer.places == 3


def test_an_imported_offer_is_changed_by_its_import_only(advisor, office):
    offer = OfferFactory(
        company=CompanyFactory(organisation=office), source="ba-jobsuche", external_id="1-2"
    )
    with pytest.raises(ValidationError):
        offer_update(user=advisor, offer=offer, places=5)
    offer.refresh_from_db()
    assert offer.places == 1


def test_withdrawn_and_filled_offers_leave_the_public_search(advisor, office):
    company = CompanyFactory(organisation=office)
    first = OfferFactory(company=company, places=2, places_filled=1)
    second = OfferFactory(company=company)
    assert _publicly_found() == {first.pk, second.pk}

    offer_withdraw(user=advisor, offer=first)
    assert _publicly_found() == {second.pk}
    offer_mark_filled(user=advisor, offer=second)
    assert _publicly_found() == set()

    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == Offer.Status.WITHDRAWN and first.places_filled == 1
    assert second.status == Offer.Status.FILLED and second.places_filled == second.places
    assert _audit(first) == [("update", "status=withdrawn")]
    assert _audit(second) == [("update", "status=filled")]


def test_only_an_open_offer_can_be_withdrawn_filled_or_changed(advisor, office):
    offer = OfferFactory(company=CompanyFactory(organisation=office), status="withdrawn")
    for change in (offer_withdraw, offer_mark_filled):
        with pytest.raises(ValidationError):
            change(user=advisor, offer=offer)
    with pytest.raises(ValidationError):
        offer_update(user=advisor, offer=offer, places=4)
    offer.refresh_from_db()
    assert offer.status == "withdrawn" and offer.places == 1
    assert _audit(offer) == []


@pytest.mark.parametrize("change", [offer_withdraw, offer_mark_filled])
def test_another_office_cannot_withdraw_or_fill(other_office_advisor, office, change):
    offer = OfferFactory(company=CompanyFactory(organisation=office))
    with pytest.raises(PermissionDenied):
        change(user=other_office_advisor, offer=offer)
    offer.refresh_from_db()
    assert offer.status == Offer.Status.OPEN


# --- pages ------------------------------------------------------------------------------


def test_the_company_page_offers_a_new_offer_and_the_actions_of_open_ones(advisor, office):
    company = CompanyFactory(organisation=office)
    mine = OfferFactory(company=company)
    imported = OfferFactory(company=company, source="ba-jobsuche", external_id="9")
    gone = OfferFactory(company=company, status="withdrawn")
    html = login(advisor).get(f"/de/staff/companies/{company.pk}/").content.decode()
    assert f'href="/de/staff/companies/{company.pk}/offers/new/"' in html
    assert f'href="/de/staff/companies/offers/{mine.pk}/edit/"' in html
    assert f'action="/de/staff/companies/offers/{mine.pk}/withdraw/"' in html
    assert f'action="/de/staff/companies/offers/{mine.pk}/filled/"' in html
    assert f'href="/de/staff/matching/offers/{mine.pk}/"' in html
    assert f"/offers/{imported.pk}/edit/" not in html
    assert f"/offers/{imported.pk}/withdraw/" in html
    assert f"/offers/{gone.pk}/" not in html


def test_an_advisor_adds_an_offer_from_the_company_page(advisor, office):
    company = CompanyFactory(organisation=office)
    client = login(advisor)
    assert client.get(f"/de/staff/companies/{company.pk}/offers/new/").status_code == 200
    response = client.post(f"/de/staff/companies/{company.pk}/offers/new/", _form())
    assert response.status_code == 302
    assert response["Location"] == f"/de/staff/companies/{company.pk}/"
    offer = Offer.objects.get()
    assert (offer.company, offer.places, offer.required_german) == (company, 2, "B1")
    assert offer.source == "kausa"
    assert _audit(offer) == [("create", f"company={company.pk}")]


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"occupation": ""}, "occupation"),
        ({"occupation": "999999999"}, "occupation"),
        ({"occupation": "99999999999999999999999999"}, "occupation"),
        ({"places": "0"}, "places"),
        ({"places": "many"}, "places"),
        ({"start_date": "1999-08-01"}, "start_date"),
        ({"start_date": "31.02.2027"}, "start_date"),
        ({"required_german": "Z9"}, "required_german"),
    ],
)
def test_bad_input_on_the_offer_form_is_shown_again(advisor, office, changes, field):
    company = CompanyFactory(organisation=office)
    response = login(advisor).post(
        f"/de/staff/companies/{company.pk}/offers/new/", _form(**changes)
    )
    assert response.status_code == 400
    assert list(response.context["form"].errors) == [field]
    html = response.content.decode()
    assert 'class="field-error"' in html and "Bitte korrigieren" in html
    assert not Offer.objects.exists()


def test_an_advisor_edits_an_offer(advisor, office):
    offer = OfferFactory(company=CompanyFactory(organisation=office))
    client = login(advisor)
    assert client.get(f"/de/staff/companies/offers/{offer.pk}/edit/").status_code == 200
    response = client.post(f"/de/staff/companies/offers/{offer.pk}/edit/", _form(places="4"))
    assert response.status_code == 302
    offer.refresh_from_db()
    assert offer.places == 4 and offer.required_german == "B1"


def test_fewer_places_than_filled_are_shown_as_an_error_on_the_form(advisor, office):
    offer = OfferFactory(company=CompanyFactory(organisation=office), places=3, places_filled=2)
    response = login(advisor).post(
        f"/de/staff/companies/offers/{offer.pk}/edit/", _form(places="1")
    )
    assert response.status_code == 400
    assert list(response.context["form"].errors) == ["places"]
    offer.refresh_from_db()
    assert offer.places == 3


def test_a_withdrawn_offer_has_no_edit_form(advisor, office):
    offer = OfferFactory(company=CompanyFactory(organisation=office), status="withdrawn")
    response = login(advisor).get(f"/de/staff/companies/offers/{offer.pk}/edit/")
    assert response.status_code == 302


def test_withdraw_and_fill_through_the_company_page(advisor, office):
    company = CompanyFactory(organisation=office)
    first, second = OfferFactory(company=company), OfferFactory(company=company)
    client = login(advisor)
    response = client.post(f"/de/staff/companies/offers/{first.pk}/withdraw/")
    assert response["Location"] == f"/de/staff/companies/{company.pk}/"
    client.post(f"/de/staff/companies/offers/{second.pk}/filled/")
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, second.status) == ("withdrawn", "filled")
    # twice: a message, not an error page
    again = client.post(f"/de/staff/companies/offers/{first.pk}/withdraw/", follow=True)
    assert again.status_code == 200
    assert client.get(f"/de/offers/{first.pk}/").status_code == 404


def test_another_office_gets_404_on_every_offer_page(other_office_advisor, office):
    company = CompanyFactory(organisation=office)
    offer = OfferFactory(company=company)
    client = login(other_office_advisor)
    assert client.get(f"/de/staff/companies/{company.pk}/offers/new/").status_code == 404
    assert client.post(f"/de/staff/companies/{company.pk}/offers/new/", _form()).status_code == 404
    assert client.get(f"/de/staff/companies/offers/{offer.pk}/edit/").status_code == 404
    assert client.post(f"/de/staff/companies/offers/{offer.pk}/withdraw/").status_code == 404
    assert client.post(f"/de/staff/companies/offers/{offer.pk}/filled/").status_code == 404
    offer.refresh_from_db()
    assert offer.status == "open" and Offer.objects.count() == 1
