"""people.selectors: which young people, parents and consents each user sees."""

from __future__ import annotations

import pytest
from django.http import Http404

from kausa.people import selectors
from tests.factories import (
    ConsentFactory,
    MembershipFactory,
    OrganisationFactory,
    ParentFactory,
    UserFactory,
    YoungPersonFactory,
    postal_code,
)

pytestmark = pytest.mark.django_db


def test_young_person_list_shows_only_the_own_office(
    advisor, other_office_advisor, office, other_office
):
    ours = YoungPersonFactory(organisation=office)
    theirs = YoungPersonFactory(organisation=other_office)
    assert list(selectors.young_person_list(user=advisor)) == [ours]
    assert list(selectors.young_person_list(user=other_office_advisor)) == [theirs]


def test_coordinators_and_partners_see_no_young_person(coordinator, partner, office):
    YoungPersonFactory(organisation=office)
    assert not selectors.young_person_list(user=coordinator).exists()
    assert not selectors.young_person_list(user=partner).exists()


def test_erased_people_leave_the_list(advisor, office):
    kept = YoungPersonFactory(organisation=office)
    YoungPersonFactory(organisation=office, is_anonymised=True)
    assert list(selectors.young_person_list(user=advisor)) == [kept]


def test_young_person_list_narrows_to_one_of_the_users_offices(office):
    second = OrganisationFactory()
    user = MembershipFactory(organisation=office).user
    MembershipFactory(organisation=second, user=user)
    here = YoungPersonFactory(organisation=office)
    there = YoungPersonFactory(organisation=second)
    elsewhere = YoungPersonFactory(organisation=OrganisationFactory())

    assert set(selectors.young_person_list(user=user)) == {here, there}
    assert list(selectors.young_person_list(user=user, organisation_id=second.pk)) == [there]
    # Naming an office the user does not work in shows nothing, not that office's people.
    assert not selectors.young_person_list(
        user=user, organisation_id=elsewhere.organisation_id
    ).exists()


def test_young_person_list_finds_by_name_or_postal_code(advisor, office):
    amira = YoungPersonFactory(
        organisation=office, first_name="Amira", search_text="amira ozdemir 10115"
    )
    ali = YoungPersonFactory(
        organisation=office,
        first_name="Ali",
        postal_code=postal_code("20095"),
        search_text="ali weber 20095",
    )
    assert list(selectors.young_person_list(user=advisor, query="Özdemir")) == [amira]
    assert list(selectors.young_person_list(user=advisor, query="ali")) == [ali]
    # Digits search the postal code from its start.
    assert list(selectors.young_person_list(user=advisor, query="200")) == [ali]
    assert not selectors.young_person_list(user=advisor, query="0115").exists()
    assert selectors.young_person_list(user=advisor, query=" ").count() == 2


def test_young_person_get_is_404_outside_the_office(advisor, other_office_advisor, office):
    person = YoungPersonFactory(organisation=office)
    assert selectors.young_person_get(user=advisor, pk=person.pk) == person
    with pytest.raises(Http404):
        selectors.young_person_get(user=other_office_advisor, pk=person.pk)
    with pytest.raises(Http404):
        selectors.young_person_get(user=advisor, pk=person.pk + 1000)


def test_a_superuser_sees_every_office(office, other_office):
    admin = UserFactory(is_superuser=True, is_staff=True)
    people = {
        YoungPersonFactory(organisation=office),
        YoungPersonFactory(organisation=other_office),
    }
    assert set(selectors.young_person_list(user=admin)) == people


def test_parent_list_shows_only_the_own_office(advisor, office, other_office):
    ours = ParentFactory(organisation=office)
    ParentFactory(organisation=other_office)
    assert list(selectors.parent_list(user=advisor)) == [ours]


def test_young_person_count_is_a_figure_for_coordinators(
    advisor, coordinator, other_office_advisor, office, other_office
):
    YoungPersonFactory.create_batch(2, organisation=office)
    YoungPersonFactory(organisation=other_office)
    assert selectors.young_person_count(user=advisor) == 2
    # The coordinator sees no person but counts those of the offices under its Landesstelle.
    assert selectors.young_person_count(user=coordinator) == 2
    assert selectors.young_person_count(user=other_office_advisor) == 1
    assert selectors.young_person_count(user=UserFactory()) == 0


def test_consent_get_is_404_outside_the_office(advisor, other_office_advisor, office):
    consent = ConsentFactory(young_person=YoungPersonFactory(organisation=office))
    assert selectors.consent_get(user=advisor, pk=consent.pk) == consent
    with pytest.raises(Http404):
        selectors.consent_get(user=other_office_advisor, pk=consent.pk)
