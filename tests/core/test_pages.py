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


@pytest.mark.parametrize(
    ("lang", "direction"),
    [
        ("de", "ltr"),
        ("en", "ltr"),
        ("ar", "rtl"),
        ("fa", "rtl"),
        ("tr", "ltr"),
        ("uk", "ltr"),
        ("ru", "ltr"),
    ],
)
def test_landing_page_language_and_direction(lang, direction):
    html = Client().get(f"/{lang}/").content.decode()
    assert f'<html lang="{lang}" dir="{direction}">' in html


def test_landing_page_is_german_by_default_and_english_on_request():
    assert "Ihr Weg in die Ausbildung" in Client().get("/de/").content.decode()
    assert "Your way into vocational training" in Client().get("/en/").content.decode()


def test_language_switcher_links_to_same_page_in_other_language(advisor):
    html = login(advisor).get("/de/staff/").content.decode()
    assert 'href="/ar/staff/"' in html
    assert "العربية" in html


def test_landing_lists_offices_but_no_people(office):
    YoungPersonFactory(organisation=office, last_name="Geheimnachname")
    html = Client().get("/de/").content.decode()
    assert office.name in html
    assert "Geheimnachname" not in html


def test_staff_home_shows_figures_of_own_office_only(advisor, office, other_office):
    YoungPersonFactory.create_batch(3, organisation=office)
    YoungPersonFactory.create_batch(5, organisation=other_office)
    company = CompanyFactory(organisation=office)
    OfferFactory.create_batch(2, company=company)
    OfferFactory(company=company, status="filled")
    response = login(advisor).get("/de/staff/")
    figures = response.context["figures"]
    assert figures == {"people": 3, "companies": 1, "open_offers": 2}


def test_coordinator_counts_people_of_coordinated_offices_but_cannot_list_them(
    coordinator, office, other_office
):
    YoungPersonFactory.create_batch(4, organisation=office)
    YoungPersonFactory.create_batch(2, organisation=other_office)
    client = login(coordinator)
    assert client.get("/de/staff/").context["figures"]["people"] == 4
    assert client.get("/de/staff/people/").status_code == 403


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
    with django_assert_max_num_queries(8):
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


def test_juror_without_office_lands_on_the_jury_page(office):
    from kausa.network.models import JurorAssignment
    from tests.factories import UserFactory
    from tests.network.factories import edition_with_criteria

    juror = UserFactory()
    JurorAssignment.objects.create(user=juror, edition=edition_with_criteria(office))
    response = login(juror).get("/en/staff/")
    assert response.status_code == 302
    assert response["Location"] == "/en/jury/"


def test_user_without_any_role_gets_403_on_staff_home():
    from tests.factories import UserFactory

    assert login(UserFactory()).get("/en/staff/").status_code == 403


def test_multiplier_sees_restricted_toolkit_materials_and_lands_on_the_toolkit(office):
    from kausa.accounts.models import Membership
    from kausa.network.selectors import may_see_restricted_materials
    from tests.factories import MembershipFactory, UserFactory

    multiplier = MembershipFactory(organisation=office, role=Membership.Role.MULTIPLIER).user
    assert may_see_restricted_materials(multiplier)
    assert not may_see_restricted_materials(UserFactory())
    response = login(multiplier).get("/en/staff/")
    assert response["Location"] == "/en/toolkit/"
    assert login(multiplier).get("/en/staff/people/").status_code == 403
