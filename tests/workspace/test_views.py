"""The workspace: the landing page and the staff home, which combine several domains."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.conftest import login
from tests.factories import CompanyFactory, OfferFactory, YoungPersonFactory

pytestmark = pytest.mark.django_db


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
