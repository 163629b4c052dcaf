"""people.services: young people and their consents, as an advisor enters them."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError

from kausa.core.models import AuditEntry
from kausa.people.models import Consent, YoungPerson
from kausa.people.services import (
    consent_record,
    consent_withdraw,
    young_person_create,
    young_person_create_with_consent,
    young_person_raise_german_level,
    young_person_refresh_search_text,
)
from tests.factories import (
    ConsentFactory,
    OrganisationFactory,
    YoungPersonFactory,
    occupation,
)

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2027, 3, 11, 9, 30, tzinfo=dt.UTC)


def _audit(obj) -> list[tuple[str, str]]:
    rows = AuditEntry.objects.filter(
        object_type=obj._meta.label_lower, object_id=str(obj.pk)
    ).order_by("id")
    return [(row.action, row.detail) for row in rows]


def test_young_person_create_saves_what_the_advisor_entered(advisor, office):
    person = young_person_create(
        user=advisor,
        organisation=office,
        first_name=" Amira ",
        last_name=" Haddad",
        birth_date=dt.date(2008, 2, 29),
        email="amira@mail.test",
        postal_code_id="10115",
        german_level="A2",
        certificate="intermediate",
        year_of_arrival=2022,
        country_of_origin="Syrien",
        language_codes=["ar", "en"],
        occupation_ids=[occupation().pk],
    )
    person.refresh_from_db()
    assert person.organisation == office
    assert (person.first_name, person.last_name) == ("Amira", "Haddad")
    assert person.full_name == "Amira Haddad"
    assert person.german_level == "A2" and person.certificate == "intermediate"
    assert sorted(person.languages.values_list("code", flat=True)) == ["ar", "en"]
    assert list(person.occupations_of_interest.all()) == [occupation()]
    assert person.search_text == "amira haddad 10115"
    assert not person.is_anonymised


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("first_name", "  "),
        ("email", "no-address"),
        ("german_level", "Z9"),
        ("certificate", "phd"),
    ],
)
def test_young_person_create_refuses_invalid_input_and_saves_nothing(advisor, office, field, value):
    fields = {"first_name": "Emre", "last_name": "Kaya", field: value}
    with pytest.raises(ValidationError) as error:
        young_person_create(user=advisor, organisation=office, **fields)
    assert field in error.value.message_dict
    assert not YoungPerson.objects.exists()


@pytest.mark.parametrize("who", ["other_office_advisor", "coordinator", "partner"])
def test_only_advisors_of_the_office_enter_its_people(request, office, who):
    with pytest.raises(PermissionDenied):
        young_person_create(
            user=request.getfixturevalue(who),
            organisation=office,
            first_name="Emre",
            last_name="Kaya",
        )
    assert not YoungPerson.objects.exists()


def test_refreshing_the_search_text_follows_a_changed_name(office):
    person = YoungPersonFactory(organisation=office, first_name="Selam", postal_code=None)
    person.last_name = "Tesfaye-Özdemir"
    young_person_refresh_search_text(person)
    assert person.search_text == "selam tesfaye-ozdemir"


def test_consent_is_recorded_now_for_the_persons_office_and_audited(advisor, office, partner_org):
    person = YoungPersonFactory(organisation=office)
    with time_machine.travel(NOW, tick=False):
        consent = consent_record(
            user=advisor,
            young_person=person,
            purpose=Consent.Purpose.CASE_HANDOVER,
            recipient=partner_org,
            text_version="2",
            language="ar",
        )
    consent.refresh_from_db()
    assert consent.organisation == office and consent.recipient == partner_org
    assert consent.given_at == NOW
    assert consent.is_active
    assert _audit(consent) == [("create", "consent case_handover (text 2, ar)")]
    # The audit row names no person.
    assert person.last_name not in _audit(consent)[0][1]


def test_consent_keeps_the_time_it_was_given_on_paper(advisor, office):
    person = YoungPersonFactory(organisation=office)
    on_paper = dt.datetime(2027, 1, 5, 10, 0, tzinfo=dt.UTC)
    consent = consent_record(
        user=advisor, young_person=person, purpose=Consent.Purpose.CONTACT, given_at=on_paper
    )
    assert consent.given_at == on_paper


def test_another_office_cannot_record_or_withdraw_consent(other_office_advisor, office):
    person = YoungPersonFactory(organisation=office)
    consent = ConsentFactory(young_person=person)
    with pytest.raises(PermissionDenied):
        consent_record(
            user=other_office_advisor, young_person=person, purpose=Consent.Purpose.CONTACT
        )
    with pytest.raises(PermissionDenied):
        consent_withdraw(user=other_office_advisor, consent=consent)
    consent.refresh_from_db()
    assert consent.is_active
    assert person.consents.count() == 1
    assert not AuditEntry.objects.exists()


def test_withdrawing_is_one_step_and_happens_once(advisor, office):
    consent = ConsentFactory(young_person=YoungPersonFactory(organisation=office))
    with time_machine.travel(NOW, tick=False):
        consent_withdraw(user=advisor, consent=consent)
    with time_machine.travel(NOW + dt.timedelta(days=3), tick=False):
        consent_withdraw(user=advisor, consent=consent)
    consent.refresh_from_db()
    assert consent.withdrawn_at == NOW
    assert not consent.is_active
    assert _audit(consent) == [("update", "consent counselling withdrawn")]


def test_german_level_only_rises(advisor, office):
    person = YoungPersonFactory(organisation=office, german_level="B1")

    assert young_person_raise_german_level(user=advisor, person=person, level="A2") is False
    assert young_person_raise_german_level(user=advisor, person=person, level="B1") is False
    assert young_person_raise_german_level(user=advisor, person=person, level="B2") is True

    person.refresh_from_db()
    assert person.german_level == "B2"
    assert _audit(person) == [("update", "german_level=B2")]


def test_another_office_cannot_raise_the_german_level(other_office_advisor, office):
    person = YoungPersonFactory(organisation=office, german_level="A1")
    with pytest.raises(PermissionDenied):
        young_person_raise_german_level(user=other_office_advisor, person=person, level="C1")
    person.refresh_from_db()
    assert person.german_level == "A1"


def test_a_person_entered_by_an_advisor_comes_with_the_counselling_consent(advisor, office):
    with time_machine.travel(NOW, tick=False):
        person = young_person_create_with_consent(
            user=advisor,
            organisation=office,
            first_name="Daria",
            last_name="Melnyk",
            consent_language="uk",
        )
    (consent,) = person.consents.all()
    assert consent.purpose == Consent.Purpose.COUNSELLING
    assert consent.language == "uk" and consent.given_at == NOW
    assert consent.organisation == office
    assert _audit(person) == [("create", "")]
    assert _audit(consent) == [("create", "consent counselling (text 1, uk)")]


def test_no_consent_without_the_person_and_no_person_without_consent(advisor, office):
    with pytest.raises(ValidationError):
        young_person_create_with_consent(
            user=advisor, organisation=office, first_name="", last_name="Melnyk"
        )
    foreign = OrganisationFactory()
    with pytest.raises(PermissionDenied):
        young_person_create_with_consent(
            user=advisor, organisation=foreign, first_name="Daria", last_name="Melnyk"
        )
    assert not YoungPerson.objects.exists()
    assert not Consent.objects.exists()
    assert not AuditEntry.objects.exists()
