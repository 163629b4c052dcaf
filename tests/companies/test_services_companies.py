"""companies.services: creating companies and filling offers, as an advisor sees it."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from kausa.companies.models import Company, Offer
from kausa.companies.services import company_create, company_search_text, offer_fill_place
from tests.factories import CompanyFactory, OfferFactory, postal_code

pytestmark = pytest.mark.django_db


def test_company_create_takes_place_and_coordinates_from_the_postal_code(advisor, office):
    company = company_create(
        user=advisor,
        organisation=office,
        name="  Bäckerei Yılmaz  ",
        postal_code=postal_code("10115"),
        chamber=Company.Chamber.HWK,
        sector="Lebensmittel",
        migrant_led=True,
        language_codes=("tr", "de"),
    )
    company.refresh_from_db()
    assert company.organisation == office
    assert company.name == "Bäckerei Yılmaz"
    assert company.city == "Berlin"
    assert (company.lat, company.lon) == (52.5323, 13.3846)
    assert company.migrant_led and company.chamber == "hwk"
    assert company.training_status == Company.TrainingStatus.NOT_TRAINING
    assert sorted(company.languages.values_list("code", flat=True)) == ["de", "tr"]
    # Found by name and place without umlauts or case.
    assert "backerei" in company.search_text and "berlin" in company.search_text
    assert company.search_text == company_search_text(company)


def test_company_create_keeps_coordinates_the_caller_knows(advisor, office):
    company = company_create(
        user=advisor,
        organisation=office,
        name="Werkstatt am Hafen",
        postal_code=postal_code("20095"),
        chamber=Company.Chamber.IHK,
        lat=53.54,
        lon=9.99,
    )
    assert (company.lat, company.lon) == (53.54, 9.99)
    assert company.city == "Hamburg"


def test_company_create_without_a_user_is_the_system(office):
    company = company_create(
        user=None,
        organisation=office,
        name="Import GmbH",
        postal_code=postal_code(),
        chamber=Company.Chamber.IHK,
    )
    assert company.pk is not None


@pytest.mark.parametrize("who", ["other_office_advisor", "coordinator", "partner"])
def test_only_advisors_of_the_office_create_its_companies(request, office, who):
    user = request.getfixturevalue(who)
    with pytest.raises(PermissionDenied):
        company_create(
            user=user,
            organisation=office,
            name="Fremdbetrieb",
            postal_code=postal_code(),
            chamber=Company.Chamber.IHK,
        )
    assert not Company.objects.exists()


@pytest.mark.parametrize(
    ("field", "value"),
    [("name", "   "), ("chamber", "guild"), ("contact_email", "not-an-address")],
)
def test_company_create_refuses_invalid_input_and_saves_nothing(advisor, office, field, value):
    fields = {"name": "Betrieb", "chamber": Company.Chamber.IHK, field: value}
    with pytest.raises(ValidationError) as error:
        company_create(user=advisor, organisation=office, postal_code=postal_code(), **fields)
    assert field in error.value.message_dict
    assert not Company.objects.exists()


def test_filling_the_last_place_fills_the_offer(advisor, office):
    offer = OfferFactory(company=CompanyFactory(organisation=office), places=2)

    offer_fill_place(user=advisor, offer=offer)
    assert (offer.places_filled, offer.status) == (1, Offer.Status.OPEN)

    offer_fill_place(user=advisor, offer=offer)
    offer.refresh_from_db()
    assert (offer.places_filled, offer.status) == (2, Offer.Status.FILLED)
    assert offer.free_places == 0


def test_an_offer_without_free_place_refuses_one_more(advisor, office):
    offer = OfferFactory(company=CompanyFactory(organisation=office), places=1, places_filled=1)
    with pytest.raises(ValidationError):
        offer_fill_place(user=advisor, offer=offer)
    offer.refresh_from_db()
    assert offer.places_filled == 1


def test_the_fill_counts_what_the_database_holds_not_a_stale_copy(advisor, office):
    offer = OfferFactory(company=CompanyFactory(organisation=office), places=2)
    stale = Offer.objects.get(pk=offer.pk)
    offer_fill_place(user=advisor, offer=offer)

    offer_fill_place(user=advisor, offer=stale)
    stale.refresh_from_db()
    assert (stale.places_filled, stale.status) == (2, Offer.Status.FILLED)


def test_another_office_cannot_fill_a_place(other_office_advisor, office):
    offer = OfferFactory(company=CompanyFactory(organisation=office))
    with pytest.raises(PermissionDenied):
        offer_fill_place(user=other_office_advisor, offer=offer)
    offer.refresh_from_db()
    assert offer.places_filled == 0
