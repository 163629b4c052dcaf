from __future__ import annotations

import pytest
from django.db.utils import OperationalError
from django.test import Client

from tests.conftest import login
from tests.factories import CompanyFactory, OfferFactory, YoungPersonFactory

pytestmark = pytest.mark.django_db


def test_root_redirects_to_german():
    response = Client().get("/")
    assert response.status_code == 302
    assert response["Location"] == "/de/"


def test_language_switcher_links_to_same_page_in_other_language(advisor):
    html = login(advisor).get("/de/staff/").content.decode()
    assert 'href="/ar/staff/"' in html
    assert "العربية" in html


def test_person_list_shows_own_people_and_search_finds_by_name_and_postal_code(
    advisor, office, other_office
):
    YoungPersonFactory(
        organisation=office, first_name="Rama", last_name="Haddad", search_text="rama haddad 10115"
    )
    YoungPersonFactory(
        organisation=other_office,
        first_name="Rama",
        last_name="Fremd",
        search_text="rama fremd 10115",
    )
    client = login(advisor)
    html = client.get("/de/staff/people/").content.decode()
    assert "Haddad" in html and "Fremd" not in html
    assert "Haddad" in client.get("/de/staff/people/", {"q": "HADDAD"}).content.decode()
    assert "Haddad" in client.get("/de/staff/people/", {"q": "10115"}).content.decode()
    assert "Haddad" not in client.get("/de/staff/people/", {"q": "xyz"}).content.decode()


def test_person_of_other_office_is_404_not_403(other_office_advisor, office):
    person = YoungPersonFactory(organisation=office)
    response = login(other_office_advisor).get(f"/de/staff/people/{person.pk}/")
    assert response.status_code == 404
    assert person.last_name not in response.content.decode()


def test_person_list_query_count_does_not_grow_with_rows(
    advisor, office, django_assert_max_num_queries
):
    YoungPersonFactory.create_batch(20, organisation=office)
    client = login(advisor)
    # 8 + the menu's count of new requests
    with django_assert_max_num_queries(9):
        assert client.get("/de/staff/people/").status_code == 200


def test_company_list_query_count_does_not_grow_with_rows(
    advisor, office, django_assert_max_num_queries
):
    for company in CompanyFactory.create_batch(15, organisation=office):
        OfferFactory(company=company)
    client = login(advisor)
    with django_assert_max_num_queries(8):
        assert client.get("/de/staff/companies/").status_code == 200


def test_personal_pages_are_not_cached(advisor, office):
    person = YoungPersonFactory(organisation=office)
    response = login(advisor).get(f"/de/staff/people/{person.pk}/")
    assert response["Cache-Control"] == "no-store"


def test_security_headers_forbid_inline_script():
    response = Client().get("/de/")
    csp = response["Content-Security-Policy"]
    assert (
        "script-src 'self'" in csp
        and "unsafe-inline" not in csp.split("script-src")[1].split(";")[0]
    )
    assert "object-src 'none'" in csp
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


def test_healthz_says_database_answers():
    response = Client().get("/healthz")
    assert response.status_code == 200
    assert response.json()["database"] == "ok"


def test_healthz_is_503_when_database_is_down(monkeypatch):
    def broken_cursor(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr("django.db.connection.cursor", broken_cursor)
    response = Client().get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] == "failing"  # the other parts: tests/core/test_health.py


def test_unknown_page_is_a_plain_404_page():
    response = Client().get("/de/nowhere/")
    assert response.status_code == 404
    assert "Traceback" not in response.content.decode()
