"""Matching is linked from every person page and every young person's case page (issue 14,
item 2), and leads back to the profile when something is missing."""

from __future__ import annotations

import pytest

from tests.conftest import login
from tests.counselling.factories import CaseFactory
from tests.factories import CompanyFactory, YoungPersonFactory

pytestmark = pytest.mark.django_db


def test_a_young_persons_case_page_links_to_the_matching_offers(advisor, office):
    case = CaseFactory(organisation=office)
    html = login(advisor).get(f"/de/staff/cases/{case.pk}/").content.decode()
    assert f'href="/de/staff/matching/people/{case.young_person_id}/"' in html
    assert "Passende Angebote" in html


def test_a_company_case_page_has_no_person_to_match(advisor, office):
    company = CompanyFactory(organisation=office)
    case = CaseFactory(organisation=office, kind="company", young_person=None, company=company)
    html = login(advisor).get(f"/de/staff/cases/{case.pk}/").content.decode()
    assert "/de/staff/matching/people/" not in html


def test_every_person_page_links_to_the_matching_offers(advisor, office):
    people = [YoungPersonFactory(organisation=office) for _ in range(2)]
    client = login(advisor)
    for person in people:
        html = client.get(f"/de/staff/people/{person.pk}/").content.decode()
        assert f'href="/de/staff/matching/people/{person.pk}/"' in html


def test_matching_without_a_postal_code_links_to_the_edit_page(advisor, office):
    person = YoungPersonFactory(organisation=office, postal_code=None)
    html = login(advisor).get(f"/de/staff/matching/people/{person.pk}/").content.decode()
    assert f'href="/de/staff/people/{person.pk}/edit/"' in html
