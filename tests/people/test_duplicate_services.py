"""Possible duplicates in people: the keys a new record is looked up by, the nightly
check's stored pairs, 'not the same person', and what erasure leaves of them."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from kausa.core.models import AuditEntry
from kausa.people import selectors, services
from kausa.people.models import DuplicateCandidate, YoungPerson
from kausa.privacy.services import person_erase
from tests.factories import YoungPersonFactory

pytestmark = pytest.mark.django_db

BORN = dt.date(2006, 4, 9)


def _person(office, first, last, born=BORN, **more):
    return services.young_person_create(
        user=None, organisation=office, first_name=first, last_name=last, birth_date=born, **more
    )


def test_a_new_person_stores_the_keys_it_is_found_by(office):
    person = _person(office, "Muhammad", "Ali", phone="+49 151 2345678", email="M.Ali@Mail.test")
    assert person.match_name == "l mhmt"
    assert (person.match_phone, person.match_email) == ("01512345678", "m.ali@mail.test")


def test_a_name_change_changes_the_keys(advisor, office):
    person = _person(office, "Yusuf", "Haddad")
    before = person.match_name
    services.young_person_update(user=advisor, person=person, last_name="Khalil")
    person.refresh_from_db()
    assert person.match_name != before


def test_a_new_record_finds_its_probable_duplicates_in_its_office_only(
    advisor, office, other_office
):
    same = _person(office, "Mohammed", "Ali")
    _person(other_office, "Mohammed", "Ali")  # another office: never shown
    _person(office, "Mohammed", "Ali", born=dt.date(2003, 1, 2))  # a namesake
    found = selectors.duplicates_of_new_person(
        user=advisor,
        organisation_id=office.pk,
        first_name="Muhammad",
        last_name="Ali",
        birth_date=BORN,
    )
    assert [(p.pk, m.score > 0.9) for p, m in found] == [(same.pk, True)]


def test_a_new_record_is_found_by_phone_across_a_new_spelling(advisor, office):
    same = _person(office, "Olena", "Melnyk", born=None, phone="0151 7654321")
    found = selectors.duplicates_of_new_person(
        user=advisor,
        organisation_id=office.pk,
        first_name="Олена",
        last_name="Мельник",
        phone="+49 151 765 43 21",
    )
    assert [p.pk for p, _m in found] == [same.pk]


def test_another_offices_advisor_is_shown_nothing_of_this_office(other_office_advisor, office):
    _person(office, "Mohammed", "Ali")
    found = selectors.duplicates_of_new_person(
        user=other_office_advisor,
        organisation_id=office.pk,
        first_name="Mohammed",
        last_name="Ali",
        birth_date=BORN,
    )
    assert found == []


def test_the_nightly_check_stores_each_pair_once_and_keeps_decisions(advisor, office):
    a = _person(office, "Yousef", "Al-Hassan")
    b = _person(office, "Yusuf", "Hassan", phone="0151 1234567")
    c = _person(office, "Fatima", "Karimi", born=dt.date(2004, 2, 1))
    d = _person(office, "Fatma", "Karimi", born=dt.date(2004, 1, 2))
    check = services.duplicates_check(organisation_id=office.pk)
    assert (check.people, check.stored.new) == (4, 2)
    pairs = {(p.person_a_id, p.person_b_id): p for p in DuplicateCandidate.objects.all()}
    assert set(pairs) == {(a.pk, b.pk), (c.pk, d.pk)}
    assert "name_variant" in pairs[(a.pk, b.pk)].reasons

    services.duplicate_dismiss(user=advisor, candidate=pairs[(c.pk, d.pk)])
    again = services.duplicates_check(organisation_id=office.pk)
    assert (again.stored.new, again.stored.gone) == (0, 0)
    assert DuplicateCandidate.objects.get(person_a=c).status == "dismissed"
    assert [p.pk for p in selectors.duplicate_candidate_list(user=advisor)] == [
        pairs[(a.pk, b.pk)].pk
    ]

    services.young_person_update(user=advisor, person=b, last_name="Schneider", phone="")
    gone = services.duplicates_check(organisation_id=office.pk)
    assert gone.stored.gone == 1
    assert not DuplicateCandidate.objects.filter(person_a=a).exists()


def test_the_check_fills_keys_of_people_saved_without_them(office):
    YoungPersonFactory(organisation=office, first_name="Ahmad", last_name="Rahimi")
    YoungPersonFactory(organisation=office, first_name="Ahmed", last_name="Rahimi")
    check = services.duplicates_check(organisation_id=office.pk)
    assert check.keys_refreshed == 2
    assert check.stored.new == 1
    assert set(YoungPerson.objects.values_list("match_name", flat=True)) == {"hmt rhm"}


def test_dismissing_needs_the_office_and_happens_once(advisor, other_office_advisor, office):
    a, b = _person(office, "Ali", "Haddad"), _person(office, "Ali", "Hadad")
    pair = DuplicateCandidate.objects.create(
        organisation=office, person_a=a, person_b=b, score=0.9, reasons=["name_similar"]
    )
    with pytest.raises(PermissionDenied):
        services.duplicate_dismiss(user=other_office_advisor, candidate=pair)
    services.duplicate_dismiss(user=advisor, candidate=pair)
    with pytest.raises(ValidationError):
        services.duplicate_dismiss(user=advisor, candidate=pair)
    entry = AuditEntry.objects.get(object_type="people.duplicatecandidate")
    assert (entry.actor_id, entry.organisation_id) == (advisor.pk, office.pk)


def test_erasure_takes_the_keys_and_the_pairs_with_it(advisor, office):
    a = _person(office, "Ali", "Haddad", phone="0151 2222222")
    b = _person(office, "Ali", "Hadad")
    DuplicateCandidate.objects.create(organisation=office, person_a=a, person_b=b, score=0.9)
    person_erase(user=advisor, person=a)
    a.refresh_from_db()
    assert (a.match_name, a.match_phone, a.match_email) == ("", "", "")
    assert not DuplicateCandidate.objects.exists()
