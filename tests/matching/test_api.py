"""GET /api/v1/offers and /api/v1/offers/{id}: ranking, reasons, clear 422s, no personal data."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.factories import occupation
from tests.matching.factories import offer_at

pytestmark = pytest.mark.django_db


@pytest.fixture
def offers(office):
    return {
        "near": offer_at(office, "10115", german="B2"),
        "far": offer_at(office, "14467"),  # Potsdam, ~27 km
        "other": offer_at(office, "10117", occ="Verkäufer/in"),
        "hamburg": offer_at(office, "20095"),
    }


def test_search_by_postal_code_ranks_and_explains(offers):
    response = Client().get(
        "/api/v1/offers", {"plz": "10115", "radius_km": 50, "german_level": "B1"}
    )
    assert response.status_code == 200
    body = response.json()
    ids = [r["id"] for r in body["results"]]
    assert offers["hamburg"].pk not in ids
    assert set(ids) == {offers["near"].pk, offers["far"].pk, offers["other"].pk}
    assert body["count"] == 3
    near = next(r for r in body["results"] if r["id"] == offers["near"].pk)
    assert near["distance_km"] < 1
    codes = [reason["code"] for reason in near["reasons"]]
    assert "german_bsk" in codes
    assert any("Azubi-BSK" in reason["text"] for reason in near["reasons"])
    assert set(near["parts"]) == {"occupation", "distance", "german", "certificate", "start"}
    scores = [r["score"] for r in body["results"]]
    assert scores == sorted(scores, reverse=True)


def test_search_never_shows_contact_persons(offers):
    body = Client().get("/api/v1/offers", {"plz": "10115"}).content.decode()
    assert "Frau Kaya" not in body
    assert "contact" not in body
    detail = Client().get(f"/api/v1/offers/{offers['near'].pk}").content.decode()
    assert "Frau Kaya" not in detail


def test_occupation_filter_and_name_query(offers):
    kfz = occupation("Kfz-Mechatroniker/in")
    body = (
        Client()
        .get("/api/v1/offers", {"plz": "10115", "occupation": kfz.pk, "radius_km": 50})
        .json()
    )
    assert {r["id"] for r in body["results"]} == {offers["near"].pk, offers["far"].pk}
    body = Client().get("/api/v1/offers", {"plz": "10115", "q": "verkäufer"}).json()
    assert [r["id"] for r in body["results"]] == [offers["other"].pk]
    body = Client().get("/api/v1/offers", {"plz": "10115", "q": "gibt es nicht"}).json()
    assert body["results"] == [] and body["count"] == 0


def test_search_by_coordinates_and_paging(offers):
    body = (
        Client()
        .get("/api/v1/offers", {"lat": 52.53, "lon": 13.38, "limit": 1, "radius_km": 50})
        .json()
    )
    assert len(body["results"]) == 1 and body["count"] == 3
    assert body["origin"] == {"lat": 52.53, "lon": 13.38, "label": "10115 Berlin"}
    second = (
        Client()
        .get(
            "/api/v1/offers", {"lat": 52.53, "lon": 13.38, "limit": 1, "offset": 1, "radius_km": 50}
        )
        .json()
    )
    assert second["results"][0]["id"] != body["results"][0]["id"]


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"plz": "1011"}, "not a German postal code"),
        ({"plz": "00000"}, "does not exist"),
        ({"plz": "10115", "radius_km": -5}, "radius_km"),
        ({"plz": "10115", "radius_km": 5000}, "radius_km"),
        ({"plz": "10115", "occupation": 999999}, "Occupation 999999 does not exist"),
        ({"plz": "10115", "german_level": "Z9"}, "German level"),
        ({}, "postal code"),
        ({"lat": 40.0, "lon": 13.0}, "Germany"),
        ({"plz": "10115", "limit": 10000}, "limit"),
    ],
)
def test_bad_input_gives_422_with_a_clear_message(params, message):
    response = Client().get("/api/v1/offers", params)
    assert response.status_code == 422
    assert message in response.json()["detail"]


def test_offer_detail_and_404_for_closed_or_unknown(offers):
    response = Client().get(f"/api/v1/offers/{offers['near'].pk}")
    assert response.status_code == 200
    assert response.json()["company"]["name"] == offers["near"].company.name
    offers["far"].status = "withdrawn"
    offers["far"].save()
    assert Client().get(f"/api/v1/offers/{offers['far'].pk}").status_code == 404
    assert Client().get("/api/v1/offers/99999999999999999999").status_code in (404, 422)


def test_index_follows_changes(offers):
    assert Client().get("/api/v1/offers", {"plz": "10115", "radius_km": 50}).json()["count"] == 3
    offers["near"].places_filled = offers["near"].places
    offers["near"].save()
    assert Client().get("/api/v1/offers", {"plz": "10115", "radius_km": 50}).json()["count"] == 2


def test_search_hits_carry_the_same_public_data_as_the_offer_endpoint(offers):
    client = Client()
    for _ in range(2):  # the second answer comes from the per-process cache
        body = client.get("/api/v1/offers", {"plz": "10115", "radius_km": 50}).json()
        for hit in body["results"]:
            detail = client.get(f"/api/v1/offers/{hit['id']}").json()
            assert {key: hit[key] for key in detail} == detail
