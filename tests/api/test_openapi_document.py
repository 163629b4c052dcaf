"""What the OpenAPI document promises, read with jsonschema (independent of ninja)."""

from __future__ import annotations

import jsonschema
import pytest
from django.test import Client

from tests.factories import OfferFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def document(settings):
    settings.SITE_URL = "https://kausa.example.org"
    return Client().get("/api/v1/openapi.json").json()


def _resolve(document, schema):
    """The schema with its $refs into components made part of it, for jsonschema."""
    return {**schema, "components": document["components"]}


def test_servers_security_and_one_error_shape(document):
    assert document["servers"][0]["url"] == "https://kausa.example.org"
    assert document["components"]["securitySchemes"]["OptionalSession"]["in"] == "cookie"
    error = {"$ref": "#/components/schemas/Error"}
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            responses = operation["responses"]
            for code in ("400", "422", "429"):
                assert responses[code]["content"]["application/json"]["schema"] == error, (
                    method,
                    path,
                    code,
                )
            if "{" in path:
                assert "404" in responses, (method, path)


def test_gpx_is_declared_as_gpx(document):
    content = document["paths"]["/api/v1/jobwalk/tours/{tour_id}.gpx"]["get"]["responses"]["200"]
    assert list(content["content"]) == ["application/gpx+xml"]


def test_offer_answer_matches_its_declared_schema(document):
    offer = OfferFactory()
    answer = Client().get(f"/api/v1/offers/{offer.pk}").json()
    declared = document["paths"]["/api/v1/offers/{offer_id}"]["get"]["responses"]["200"]
    schema = declared["content"]["application/json"]["schema"]
    jsonschema.validate(answer, _resolve(document, schema))
    assert isinstance(answer["occupation"], dict) and answer["url"].startswith("https://")


def test_unknown_api_address_and_nul_answer_in_the_error_shape(document):
    error = _resolve(document, document["components"]["schemas"]["Error"])
    missing = Client().get("/api/v1/nothing-here")
    assert missing.status_code == 404
    jsonschema.validate(missing.json(), error)
    nul = Client().get("/api/v1/offers?q=%00")
    assert nul.status_code == 400
    jsonschema.validate(nul.json(), error)
    page = Client().get("/de/nothing-here/")
    assert page.status_code == 404 and page["Content-Type"].startswith("text/html")
