"""The planner's interests are fields of work a young person understands, never KldB areas
such as the military; stations name their occupations in the page's language."""

from __future__ import annotations

import pytest
from django.test import Client

from kausa.jobwalk.forms import PlanForm
from kausa.jobwalk.personal_tours import PlanRequest, plan_tour
from kausa.reference.models import KldbGroup, OccupationGroup
from kausa.reference.occupation_names import occupation_description
from tests.factories import occupation
from tests.jobwalk.factories import lauf_companies, published_tour

pytestmark = pytest.mark.django_db

KFZ = "Kfz-Mechatroniker/in"
COOK = "Koch/Köchin"


def _companies(office):
    """Two car workshops and two restaurants in Lauf that take visitors."""
    companies = lauf_companies(office, 4)
    for company, name in zip(companies, [KFZ, KFZ, COOK, COOK], strict=True):
        company.jobwalk.occupations.set([occupation(name)])
    return companies[:2], companies[2:]


def test_the_form_offers_the_fields_of_work_not_the_kldb_areas():
    choices = dict(PlanForm().fields["interest"].choices)
    keys = set(OccupationGroup.objects.values_list("key", flat=True))
    assert set(choices) - {""} == keys
    military = KldbGroup.objects.get(code="01").short_title
    assert not any("Streitkräfte" in str(label) or label == military for label in choices.values())


def test_the_plan_page_names_the_fields_in_its_language(network):
    page = Client().get("/uk/jobwalk/plan/").content.decode()
    assert "Автомобілі та транспортні засоби" in page
    assert "Streitkräfte" not in page and "Angehörige" not in page


def test_a_field_of_work_leads_to_its_companies(network, office):
    cars, _kitchens = _companies(office)
    result = plan_tour(
        PlanRequest(postal_code="91207", interest_groups=["vehicles"], budget_minutes=120)
    )
    by_company = {s.company.pk: s.score for s in result.stations}
    assert {c.pk for c in cars} <= set(by_company)
    assert all(by_company[c.pk] == 3.0 for c in cars)
    assert all(score < 3.0 for pk, score in by_company.items() if pk not in {c.pk for c in cars})


def test_the_plan_page_takes_a_field_and_names_the_occupations_in_its_language(network, office):
    _companies(office)
    response = Client().get(
        "/ar/jobwalk/plan/",
        {"postal_code": "91207", "interest": "hospitality", "budget_minutes": 120},
    )
    assert response.status_code == 200, response.content
    page = response.content.decode()
    assert "طباخ" in page and "ميكانيكي سيارات" in page
    description, language = occupation_description(occupation(COOK), "ar")
    assert language == "ar" and description in page


def test_an_unknown_field_is_refused_by_the_form(network):
    response = Client().get(
        "/en/jobwalk/plan/", {"postal_code": "91207", "interest": "army", "budget_minutes": 120}
    )
    assert response.context["form"].errors["interest"]


def test_the_api_plans_by_field_of_work_and_names_occupations_in_the_language(network, office):
    cars, _kitchens = _companies(office)
    response = Client().post(
        "/api/v1/jobwalk/plan",
        {"postal_code": "91207", "interests": ["vehicles"], "budget_minutes": 120, "lang": "tr"},
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    stations = {s["company_id"]: s for s in response.json()["stations"]}
    for company in cars:
        assert stations[company.pk]["score"] == 3.0
        assert stations[company.pk]["occupations"] == [KFZ]
        assert stations[company.pk]["occupation_labels"] == ["Oto mekatronik teknisyeni"]


def test_the_api_still_takes_kldb_codes(network, office):
    cars, _kitchens = _companies(office)
    response = Client().post(
        "/api/v1/jobwalk/plan",
        {"postal_code": "91207", "kldb": ["252"], "budget_minutes": 120},
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    scores = {s["company_id"]: s["score"] for s in response.json()["stations"]}
    assert all(scores[c.pk] == 3.0 for c in cars)


def test_the_tour_page_names_each_stations_occupations_with_a_description(network, office):
    cars, _kitchens = _companies(office)
    tour = published_tour(office, companies=cars)
    page = Client().get(f"/fa/jobwalk/tours/{tour.pk}/").content.decode()
    assert "مکانیک خودرو" in page
    description, language = occupation_description(occupation(KFZ), "fa")
    assert language == "fa" and description in page
    assert 'class="jw-occupations"' in page
