"""A case keeps a copy of its subject's name for sorting and searching its list."""

from __future__ import annotations

import pytest

from kausa.counselling.services import case_open, case_subject_names_refresh
from tests.conftest import login
from tests.factories import CompanyFactory, YoungPersonFactory

pytestmark = pytest.mark.django_db


def test_a_case_opened_by_an_advisor_is_found_by_the_persons_name(advisor, office):
    person = YoungPersonFactory(organisation=office, first_name="Selam", last_name="Tesfaye")
    case = case_open(user=advisor, organisation=office, young_person=person)
    assert case.subject_name == "Tesfaye, Selam"
    html = login(advisor).get("/de/staff/cases/?q=tesfaye").content.decode()
    assert f"/de/staff/cases/{case.pk}/" in html


def test_a_renamed_company_reaches_its_cases(advisor, office):
    company = CompanyFactory(organisation=office, name="Alt GmbH")
    case = case_open(user=advisor, organisation=office, company=company)
    company.name = "Neu GmbH"
    company.save()
    assert case_subject_names_refresh(user=advisor, company=company) == 1
    case.refresh_from_db()
    assert case.subject_name == "Neu GmbH" and "neu gmbh" in case.search_text
    assert case_subject_names_refresh(user=advisor, company=company) == 0


def test_another_office_cannot_refresh_the_names(other_office_advisor, office):
    from django.core.exceptions import PermissionDenied

    person = YoungPersonFactory(organisation=office)
    with pytest.raises(PermissionDenied):
        case_subject_names_refresh(user=other_office_advisor, young_person=person)
