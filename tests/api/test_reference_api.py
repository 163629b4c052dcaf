from __future__ import annotations

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


@pytest.fixture
def client() -> Client:
    return Client()


def test_postal_code_answers_place_state_district_and_centre(client):
    response = client.get("/api/v1/postal-codes/99084")
    assert response.status_code == 200
    body = response.json()
    assert body["plz"] == "99084"
    assert body["place"] == "Erfurt"
    assert body["state_code"] == "TH"
    assert body["district_ags"] == "16051"
    assert 50.9 < body["lat"] < 51.0 and 10.9 < body["lon"] < 11.1


def test_postal_code_with_leading_zero(client):
    assert client.get("/api/v1/postal-codes/01067").json()["place"] == "Dresden"


def test_unknown_postal_code_is_404_with_message(client):
    response = client.get("/api/v1/postal-codes/00000")
    assert response.status_code == 404
    assert "00000 does not exist" in response.json()["detail"]


@pytest.mark.parametrize("bad", ["1234", "123456", "abcde", "12 34", "١٢٣٤٥"])
def test_malformed_postal_code_is_422_with_message(client, bad):
    response = client.get(f"/api/v1/postal-codes/{bad}")
    assert response.status_code == 422
    assert "5 digits" in response.json()["detail"]


def test_occupations_are_paged(client):
    first = client.get("/api/v1/occupations?limit=10").json()
    second = client.get("/api/v1/occupations?limit=10&offset=10").json()
    assert first["count"] == 323
    assert len(first["items"]) == 10
    assert {o["id"] for o in first["items"]}.isdisjoint({o["id"] for o in second["items"]})


def test_occupation_search_by_short_name_ignores_case(client):
    body = client.get("/api/v1/occupations", {"q": "MECHATRONIKER"}).json()
    names = [o["short_name"] for o in body["items"]]
    assert "Kfz-Mechatroniker/in" in names
    kfz = next(o for o in body["items"] if o["short_name"] == "Kfz-Mechatroniker/in")
    assert kfz["kldb_code"] == "25212"
    assert kfz["chamber"] == "IHK/HWK"


@pytest.mark.parametrize(
    "params", [{"limit": "-1"}, {"limit": "many"}, {"offset": "-5"}, {"q": "x" * 101}]
)
def test_bad_paging_or_query_is_422_not_500(client, params):
    response = client.get("/api/v1/occupations", params)
    assert response.status_code == 422
    assert response.json()["detail"]


def test_openapi_schema_lists_the_endpoints(client):
    schema = client.get("/api/v1/openapi.json").json()
    assert "/api/v1/postal-codes/{plz}" in schema["paths"]
    assert "/api/v1/occupations" in schema["paths"]
    assert schema["info"]["title"] == "Kausa API"


def test_api_docs_page_uses_local_files_only(client):
    html = client.get("/api/v1/docs").content.decode()
    assert "swagger-ui-bundle.js" in html
    assert "cdn." not in html


def _cook(body):
    return next(o for o in body["items"] if o["short_name"] == "Koch/Köchin")


@pytest.mark.parametrize(
    ("lang", "name"),
    [("en", "Cook"), ("ar", "طباخ"), ("fa", "آشپز"), ("tr", "Aşçı"), ("uk", "Кухар")],
)
def test_occupation_name_in_the_language_asked_for(client, lang, name):
    body = client.get("/api/v1/occupations", {"q": "koch", "lang": lang}).json()
    cook = _cook(body)
    assert cook["local_name"] == name
    assert cook["language"] == lang
    assert cook["name"] == "Koch / Köchin" and cook["kldb_code"] == "29302"
    assert cook["description_language"] == lang and "B1" in cook["description"]


def test_occupation_name_from_accept_language_without_lang(client):
    body = client.get("/api/v1/occupations", {"q": "koch"}, HTTP_ACCEPT_LANGUAGE="ru-RU,ru;q=0.9")
    cook = _cook(body.json())
    assert (cook["local_name"], cook["language"]) == ("Повар", "ru")


def test_lang_wins_over_accept_language(client):
    body = client.get("/api/v1/occupations", {"q": "koch", "lang": "ar"}, HTTP_ACCEPT_LANGUAGE="uk")
    assert _cook(body.json())["local_name"] == "طباخ"


def test_unknown_language_answers_in_german(client):
    body = client.get("/api/v1/occupations", {"q": "koch", "lang": "pt"}).json()
    cook = _cook(body)
    assert (cook["local_name"], cook["language"]) == ("Koch/Köchin", "de")
    assert (
        cook["description_language"] == "de" and "Ausbildung dauert 3 Jahre" in cook["description"]
    )


@pytest.mark.parametrize("query", ["кухар", "طباخ", "aşçı", "cook", "آشپز", "повар"])
def test_occupations_are_searchable_in_every_language(client, query):
    body = client.get("/api/v1/occupations", {"q": query}).json()
    assert body["items"][0]["short_name"] == "Koch/Köchin"


def test_occupation_without_description_says_so(client):
    body = client.get("/api/v1/occupations", {"q": "Handzuginstrumentenmacher", "lang": "en"})
    item = body.json()["items"][0]
    assert (item["local_name"], item["description"], item["description_language"]) == (
        "Accordion maker",
        "",
        "",
    )


def test_occupation_groups_in_the_language_asked_for(client):
    groups = client.get("/api/v1/occupation-groups", {"lang": "tr"}).json()
    assert 12 <= len(groups) <= 15
    vehicles = next(g for g in groups if g["key"] == "vehicles")
    assert vehicles["name"] == "Otomobiller ve araçlar" and vehicles["language"] == "tr"
    assert "252" in vehicles["kldb_codes"]
    assert not any(code.startswith("0") for g in groups for code in g["kldb_codes"])


def test_openapi_documents_the_language_of_occupations(client):
    schema = client.get("/api/v1/openapi.json").json()
    parameters = schema["paths"]["/api/v1/occupations"]["get"]["parameters"]
    assert {"q", "lang", "limit", "offset"} <= {p["name"] for p in parameters}
    assert "/api/v1/occupation-groups" in schema["paths"]
