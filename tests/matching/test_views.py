"""Public offer search and offer page, advisor request, advisors' matching views, mismatch."""

from __future__ import annotations

import csv
import io

import pytest
from django.test import Client

from kausa.matching.models import AdvisorRequest
from tests.conftest import login
from tests.factories import YoungPersonFactory, occupation
from tests.matching.factories import offer_at

pytestmark = pytest.mark.django_db


def test_public_search_lists_offers_near_a_postal_code(office):
    near = offer_at(office, "10115")
    offer_at(office, "20095")  # Hamburg
    response = Client().get("/en/offers/", {"plz": "10115", "radius_km": "25"})
    assert response.status_code == 200
    hits = response.context["hits"]
    assert [h["offer"].pk for h in hits] == [near.pk]
    page = response.content.decode()
    assert f"/en/offers/{near.pk}/" in page
    assert 'id="offer-map-data"' in page
    assert "Frau Kaya" not in page  # no contact person on public pages


def test_public_search_without_input_shows_the_empty_form():
    response = Client().get("/en/offers/")
    assert response.status_code == 200
    assert "hits" not in response.context


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"plz": "123"}, "5 digits"),
        ({"plz": "00000"}, "We do not know the postal code 00000"),
        ({"q": "Koch"}, "postal code or use your location"),
    ],
)
def test_public_search_shows_errors_in_the_visitors_language(params, message):
    response = Client().get("/en/offers/", params)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert "hits" not in response.context


def test_public_search_by_location_and_occupation_name(office):
    kfz = offer_at(office, "10115")
    offer_at(office, "10117", occ="Verkäufer/in")
    response = Client().get("/en/offers/", {"lat": "52.53", "lon": "13.38", "q": "Kfz"})
    assert [h["offer"].pk for h in response.context["hits"]] == [kfz.pk]


def test_public_search_is_translated_into_arabic(office):
    offer_at(office, "10115")
    response = Client().get("/ar/offers/", {"plz": "10115"})
    assert response.status_code == 200
    assert 'dir="rtl"' in response.content.decode()


def test_offer_page_shows_company_and_how_to_apply(office):
    offer = offer_at(office, "10115", name="Autohaus Yilmaz")
    response = Client().get(f"/en/offers/{offer.pk}/")
    page = response.content.decode()
    assert "Autohaus Yilmaz" in page and "How to apply" in page
    assert "Frau Kaya" not in page


def test_closed_offer_page_is_404(office):
    offer = offer_at(office, "10115")
    offer.status = "filled"
    offer.places_filled = offer.places
    offer.save()
    assert Client().get(f"/en/offers/{offer.pk}/").status_code == 404


def test_advisor_request_needs_consent_and_stores_nothing_without_it(office):
    offer = offer_at(office, "10115")
    data = {"name": "Rama", "email": "rama@example.org", "message": "Hallo"}
    response = Client().post(f"/en/offers/{offer.pk}/", data)
    assert response.status_code == 200
    assert "Without your consent we cannot store your request." in response.content.decode()
    assert not AdvisorRequest.objects.exists()


def test_advisor_request_needs_a_way_to_contact(office):
    offer = offer_at(office, "10115")
    response = Client().post(f"/en/offers/{offer.pk}/", {"name": "Rama", "consent": "on"})
    assert "e-mail address or a phone number" in response.content.decode()
    assert not AdvisorRequest.objects.exists()


def test_advisor_request_with_consent_goes_to_the_offers_office(
    office, advisor, other_office_advisor
):
    offer = offer_at(office, "10115")
    response = Client().post(
        f"/ar/offers/{offer.pk}/",
        {"name": "Rama", "phone": "0151 1234567", "consent": "on", "organisation": "999"},
    )
    assert response.status_code == 302
    request = AdvisorRequest.objects.get()
    assert request.organisation_id == office.pk
    assert request.language == "ar"
    assert request.consent_given_at is not None
    assert "Rama" in login(advisor).get("/en/staff/matching/requests/").content.decode()
    assert (
        "Rama"
        not in login(other_office_advisor).get("/en/staff/matching/requests/").content.decode()
    )


def test_advisor_sees_top_offers_with_explanations_for_a_person(office, advisor):
    offer = offer_at(office, "10115", german="B2")
    person = YoungPersonFactory(organisation=office, german_level="B1")
    person.occupations_of_interest.set([occupation("Kfz-Mechatroniker/in")])
    response = login(advisor).get(f"/en/staff/matching/people/{person.pk}/")
    assert response.status_code == 200
    (hit,) = response.context["hits"]
    assert hit["offer"].pk == offer.pk
    codes = [r["code"] for r in hit["reasons"]]
    assert codes[0] == "occupation_exact" and "german_bsk" in codes


def test_person_without_postal_code_is_explained(office, advisor):
    person = YoungPersonFactory(organisation=office, postal_code=None)
    response = login(advisor).get(f"/en/staff/matching/people/{person.pk}/")
    assert response.context["hits"] is None
    assert "no postal code" in response.content.decode()


def test_candidates_come_from_the_users_office_only(office, other_office, advisor):
    offer = offer_at(office, "10115")
    mine = YoungPersonFactory(organisation=office)
    theirs = YoungPersonFactory(organisation=other_office)
    response = login(advisor).get(f"/en/staff/matching/offers/{offer.pk}/")
    people = [row["person"].pk for row in response.context["rows"]]
    assert mine.pk in people and theirs.pk not in people


def test_mismatch_counts_only_with_small_cells_hidden(office, coordinator, advisor):
    offer_at(office, "10115")
    for _ in range(3):
        person = YoungPersonFactory(organisation=office)
        person.occupations_of_interest.set([occupation("Verkäufer/in")])
    response = login(coordinator).get("/en/staff/matching/mismatch/")
    assert response.status_code == 200
    figures = response.context["figures"]
    assert figures.people_unmatched == 3 and figures.offers_unmatched == 1
    page = response.content.decode()
    assert "&lt;5" in page
    assert "Testperson" not in page  # no names
    export = login(advisor).get("/en/staff/matching/mismatch.csv")
    assert export.content.startswith(b"\xef\xbb\xbf")  # the same dialect as every export
    rows = list(csv.reader(io.StringIO(export.content.decode("utf-8-sig")), delimiter=";"))
    berlin = next(r for r in rows if r[0] == "district" and r[1] == "11000")
    assert berlin[3:7] == ["<5", "<5", "<5", "<5"]
