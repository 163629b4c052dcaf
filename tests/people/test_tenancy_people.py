"""people.selectors.offices_for_new_person: the offices the new-person form offers."""

from __future__ import annotations

from kausa.accounts.models import Membership
from kausa.people.selectors import offices_for_new_person
from tests.factories import MembershipFactory, OrganisationFactory


def test_the_form_offers_the_offices_the_advisor_acts_for(advisor, office, other_office):
    second = OrganisationFactory(name="AAA Servicestelle", slug="aaa")
    MembershipFactory(user=advisor, organisation=second, role=Membership.Role.ORG_ADMIN)
    assert list(offices_for_new_person(user=advisor)) == [second, office]


def test_a_coordinator_may_add_people_nowhere(coordinator):
    assert not offices_for_new_person(user=coordinator).exists()
