"""people.services.young_person_update: an advisor keeps a person's record up to date."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from kausa.core.models import AuditEntry
from kausa.people.models import YoungPerson
from kausa.people.services import young_person_update
from tests.factories import YoungPersonFactory, occupation

pytestmark = pytest.mark.django_db


def _audit(person) -> list[tuple[str, str]]:
    rows = AuditEntry.objects.filter(object_type="people.youngperson", object_id=str(person.pk))
    return [(row.action, row.detail) for row in rows.order_by("id")]


def test_update_saves_the_changes_and_audits_the_field_names_only(advisor, office):
    person = YoungPersonFactory(organisation=office, first_name="Rama", last_name="Haddad")
    updated = young_person_update(
        user=advisor,
        person=person,
        first_name=" Rama ",
        last_name="Haddad-Kaya",
        email="rama@mail.test",
        postal_code_id="20095",
        gender="female",
        language_codes=["ar", "de"],
        occupation_ids=[occupation().pk],
    )
    person.refresh_from_db()
    assert updated.pk == person.pk
    assert (person.first_name, person.last_name) == ("Rama", "Haddad-Kaya")
    assert person.email == "rama@mail.test" and person.postal_code_id == "20095"
    assert person.gender == "female"
    assert sorted(person.languages.values_list("code", flat=True)) == ["ar", "de"]
    assert list(person.occupations_of_interest.all()) == [occupation()]
    assert person.search_text == "rama haddad-kaya 20095"
    [(action, detail)] = _audit(person)
    assert action == "update"
    assert detail == (
        "changed: last_name, email, postal_code, gender, languages, occupations_of_interest"
    )
    for value in ("Haddad", "rama@mail.test", "20095", "female"):
        assert value not in detail


def test_update_without_a_change_writes_nothing(advisor, office):
    person = YoungPersonFactory(organisation=office, email="a@mail.test")
    before = YoungPerson.objects.get(pk=person.pk).updated_at
    young_person_update(
        user=advisor,
        person=person,
        first_name=person.first_name,
        email="a@mail.test",
        language_codes=[],
        occupation_ids=[],
    )
    assert YoungPerson.objects.get(pk=person.pk).updated_at == before
    assert _audit(person) == []


def test_update_leaves_out_fields_it_is_not_given(advisor, office):
    person = YoungPersonFactory(organisation=office, phone="0301234", german_level="B1")
    person.languages.set(["ar"])
    young_person_update(user=advisor, person=person, german_level="B2")
    person.refresh_from_db()
    assert person.phone == "0301234" and person.german_level == "B2"
    assert list(person.languages.values_list("code", flat=True)) == ["ar"]


@pytest.mark.parametrize(
    ("field", "value", "error_key"),
    [
        ("first_name", "  ", "first_name"),
        ("email", "no-address", "email"),
        ("german_level", "Z9", "german_level"),
        ("gender", "robot", "gender"),
        ("postal_code_id", "99999", "postal_code"),
        ("birth_date", "not a date", "birth_date"),
        ("occupation_ids", [10**9], "occupations_of_interest"),
        ("language_codes", ["xx"], "languages"),
    ],
)
def test_update_refuses_invalid_input_and_changes_nothing(advisor, office, field, value, error_key):
    person = YoungPersonFactory(organisation=office, first_name="Emre", email="e@mail.test")
    person.occupations_of_interest.set([occupation()])
    with pytest.raises(ValidationError) as error:
        young_person_update(user=advisor, person=person, last_name="Neu", **{field: value})
    assert error_key in error.value.message_dict
    person.refresh_from_db()
    assert person.last_name != "Neu" and person.first_name == "Emre"
    assert person.email == "e@mail.test" and person.postal_code_id == "10115"
    assert list(person.occupations_of_interest.all()) == [occupation()]
    assert _audit(person) == []


@pytest.mark.parametrize("who", ["other_office_advisor", "coordinator", "partner"])
def test_only_advisors_of_the_persons_office_change_it(request, office, who):
    person = YoungPersonFactory(organisation=office, first_name="Emre")
    with pytest.raises(PermissionDenied):
        young_person_update(user=request.getfixturevalue(who), person=person, first_name="X")
    person.refresh_from_db()
    assert person.first_name == "Emre"
    assert not AuditEntry.objects.exists()


def test_an_erased_person_cannot_be_filled_in_again(advisor, office):
    person = YoungPersonFactory(organisation=office, first_name="–", is_anonymised=True)
    with pytest.raises(ValidationError):
        young_person_update(user=advisor, person=person, first_name="Rama")
    person.refresh_from_db()
    assert person.first_name == "–"


def test_a_field_the_form_does_not_offer_cannot_be_changed(advisor, office, other_office):
    person = YoungPersonFactory(organisation=office)
    with pytest.raises(TypeError):
        young_person_update(user=advisor, person=person, organisation_id=other_office.pk)  # type: ignore[call-arg]
    with pytest.raises(TypeError):
        young_person_update(user=advisor, person=person, is_anonymised=True)  # type: ignore[call-arg]
    person.refresh_from_db()
    assert person.organisation_id == office.pk and not person.is_anonymised


def test_a_date_of_birth_can_be_set_and_cleared(advisor, office):
    person = YoungPersonFactory(organisation=office, birth_date=None)
    young_person_update(user=advisor, person=person, birth_date=dt.date(2008, 2, 29))
    person.refresh_from_db()
    assert person.birth_date == dt.date(2008, 2, 29)
    young_person_update(user=advisor, person=person, birth_date=None)
    person.refresh_from_db()
    assert person.birth_date is None


def test_a_service_error_is_shown_on_its_field_or_above_the_form():
    from kausa.core.forms import add_service_errors
    from kausa.people.forms import YoungPersonFieldsForm

    form = YoungPersonFieldsForm({"first_name": "A", "last_name": "B"})
    form.is_valid()
    error = ValidationError(
        {"email": "bad", "occupations_of_interest": "unknown", "search_text": "too long"}
    )
    add_service_errors(form, error, {"occupations_of_interest": "occupations"})
    assert form.errors["email"] == ["bad"] and form.errors["occupations"] == ["unknown"]
    assert form.non_field_errors() == ["too long"]
