"""Editing a person on the staff pages (issue 14, item 2): /staff/people/<id>/edit/."""

from __future__ import annotations

import pytest

from kausa.core.models import AuditEntry
from kausa.workspace.services import person_update
from tests.conftest import login
from tests.counselling.factories import CaseFactory
from tests.factories import CompanyFactory, YoungPersonFactory, occupation

pytestmark = pytest.mark.django_db


def _form(person, **changes) -> dict:
    data = {
        "first_name": person.first_name,
        "last_name": person.last_name,
        "birth_date": "2007-05-17",
        "email": person.email,
        "phone": person.phone,
        "postal_code": person.postal_code_id or "",
        "german_level": person.german_level,
        "certificate": person.certificate,
        "gender": "",
        "nationality": "",
        "residence_status": "",
    }
    return data | changes


def test_the_person_page_links_to_the_edit_page_and_the_matching_offers(advisor, office):
    person = YoungPersonFactory(organisation=office)
    html = login(advisor).get(f"/de/staff/people/{person.pk}/").content.decode()
    assert f'href="/de/staff/people/{person.pk}/edit/"' in html
    assert f'href="/de/staff/matching/people/{person.pk}/"' in html
    assert "Passende Angebote" in html


def test_the_edit_form_shows_the_saved_values_without_the_consent(advisor, office):
    person = YoungPersonFactory(organisation=office, first_name="Rama", email="rama@mail.test")
    person.languages.set(["ar"])
    person.occupations_of_interest.set([occupation()])
    response = login(advisor).get(f"/de/staff/people/{person.pk}/edit/")
    assert response.status_code == 200
    form = response.context["form"]
    assert "consent" not in form.fields and "organisation" not in form.fields
    html = response.content.decode()
    assert 'value="rama@mail.test"' in html
    assert f'<option value="{occupation().pk}" selected' in html
    assert 'value="ar" ' in html and "checked" in html
    entry = AuditEntry.objects.get(object_id=str(person.pk))
    assert (entry.action, entry.detail) == ("view", "edit form")


def test_saving_the_form_changes_the_person_and_audits_it(advisor, office):
    person = YoungPersonFactory(organisation=office, first_name="Rama", last_name="Haddad")
    response = login(advisor).post(
        f"/de/staff/people/{person.pk}/edit/",
        _form(
            person,
            last_name="Haddad-Kaya",
            nationality="third_country",
            languages=["ar", "de"],
            occupations=[str(occupation().pk)],
        ),
    )
    assert response.status_code == 302
    assert response["Location"] == f"/de/staff/people/{person.pk}/"
    person.refresh_from_db()
    assert person.last_name == "Haddad-Kaya" and person.nationality == "third_country"
    assert list(person.occupations_of_interest.all()) == [occupation()]
    update = AuditEntry.objects.get(object_id=str(person.pk), action="update")
    assert "last_name" in update.detail and "Haddad" not in update.detail


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"last_name": ""}, "Dieses Feld ist zwingend erforderlich."),
        ({"postal_code": "99999"}, "99999"),
        ({"email": "nope"}, "E-Mail-Adresse"),
        ({"birth_date": "1900-01-01"}, "Geburtsdatum"),
        ({"occupations": ["999999999999999999999999"]}, "Auswahl"),
        ({"german_level": "Z9"}, "Auswahl"),
    ],
)
def test_bad_input_shows_the_form_again_with_errors_and_changes_nothing(
    advisor, office, changes, message
):
    person = YoungPersonFactory(organisation=office, first_name="Rama", last_name="Haddad")
    response = login(advisor).post(
        f"/de/staff/people/{person.pk}/edit/", _form(person, first_name="Neu", **changes)
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Bitte korrigieren" in html or "field-error" in html
    assert message in html
    person.refresh_from_db()
    assert (person.first_name, person.last_name) == ("Rama", "Haddad")
    assert not AuditEntry.objects.filter(action="update").exists()


def test_another_office_gets_404_and_changes_nothing(other_office_advisor, office):
    person = YoungPersonFactory(organisation=office, first_name="Rama")
    client = login(other_office_advisor)
    assert client.get(f"/de/staff/people/{person.pk}/edit/").status_code == 404
    response = client.post(f"/de/staff/people/{person.pk}/edit/", _form(person, first_name="X"))
    assert response.status_code == 404
    person.refresh_from_db()
    assert person.first_name == "Rama"


def test_an_erased_person_has_no_edit_page(advisor, office):
    person = YoungPersonFactory(organisation=office, first_name="–", is_anonymised=True)
    client = login(advisor)
    assert client.get(f"/de/staff/people/{person.pk}/edit/").status_code == 404
    assert "/edit/" not in client.get(f"/de/staff/people/{person.pk}/").content.decode()


def test_a_new_name_reaches_the_persons_cases_and_nothing_else(advisor, office):
    person = YoungPersonFactory(organisation=office, first_name="Rama", last_name="Haddad")
    case = CaseFactory(organisation=office, young_person=person)
    other = CaseFactory(organisation=office)
    company_case = CaseFactory(
        organisation=office, kind="company", young_person=None, company=CompanyFactory()
    )
    before = (other.subject_name, company_case.subject_name)
    person_update(user=advisor, person=person, last_name="Kaya")
    case.refresh_from_db()
    other.refresh_from_db()
    company_case.refresh_from_db()
    assert case.subject_name == "Kaya, Rama"
    assert "kaya" in case.search_text and "haddad" not in case.search_text
    assert (other.subject_name, company_case.subject_name) == before
    assert AuditEntry.objects.filter(
        object_type="counselling.case", object_id=str(case.pk), detail="subject name"
    ).exists()


def test_the_renamed_case_is_found_by_its_new_name(advisor, office):
    person = YoungPersonFactory(organisation=office, first_name="Rama", last_name="Haddad")
    CaseFactory(organisation=office, young_person=person)
    client = login(advisor)
    client.post(f"/de/staff/people/{person.pk}/edit/", _form(person, last_name="Okonkwo"))
    found = client.get("/de/staff/cases/?q=okonkwo").content.decode()
    assert "Okonkwo" in found
