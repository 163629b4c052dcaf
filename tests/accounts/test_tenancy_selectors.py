"""The accounts selectors that say which offices a user acts for and where a new record goes."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser

from kausa.accounts.models import Membership
from kausa.accounts.selectors import (
    acts_for_office,
    administered_office_get,
    colleagues_of,
    is_multiplier,
    is_staff_member,
    office_for_new_record,
    offices_acting_for,
    offices_administered_by,
    offices_for_figures,
    pending_totp_device,
)
from kausa.accounts.services import totp_device_start
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory


def test_an_advisor_acts_for_their_offices_by_name(advisor, office, other_office):
    second = OrganisationFactory(name="AAA Servicestelle", slug="aaa")
    MembershipFactory(user=advisor, organisation=second, role=Membership.Role.ORG_ADMIN)
    assert list(offices_acting_for(user=advisor)) == [second, office]


def test_coordinators_partners_and_strangers_act_for_no_office(coordinator, partner):
    assert not offices_acting_for(user=coordinator).exists()
    assert not offices_acting_for(user=partner).exists()
    assert not offices_acting_for(user=AnonymousUser()).exists()


def test_a_new_record_belongs_to_the_oldest_office_the_user_acts_for(advisor, office):
    newer = OrganisationFactory(name="AAA Servicestelle", slug="aaa")
    MembershipFactory(user=advisor, organisation=newer, role=Membership.Role.ADVISOR)
    assert office.pk < newer.pk
    assert office_for_new_record(user=advisor) == office


def test_a_user_without_an_office_gets_no_office_for_new_records(coordinator, db):
    superuser = UserFactory(is_superuser=True, is_staff=True)
    assert office_for_new_record(user=coordinator) is None
    assert office_for_new_record(user=superuser) is None
    assert office_for_new_record(user=AnonymousUser()) is None


def test_only_administered_organisations_can_be_fetched(org_admin, advisor, office, other_office):
    assert list(offices_administered_by(user=org_admin)) == [office]
    assert administered_office_get(user=org_admin, pk=office.pk) == office
    assert administered_office_get(user=org_admin, pk=other_office.pk) is None
    assert administered_office_get(user=org_admin, pk=None) is None
    assert administered_office_get(user=advisor, pk=office.pk) is None


def test_colleagues_are_the_advisors_and_admins_of_ones_offices(
    advisor, org_admin, other_office_advisor, coordinator, partner
):
    colleagues = list(colleagues_of(user=advisor))
    assert set(colleagues) == {advisor, org_admin}
    assert colleagues == sorted(colleagues, key=lambda u: u.full_name)


def test_staff_member_and_multiplier(advisor, coordinator, partner, db):
    multiplier = MembershipFactory(
        organisation=OrganisationFactory(name="Schule", slug="school", kind="school"),
        role=Membership.Role.MULTIPLIER,
    ).user
    assert is_staff_member(user=advisor)
    assert is_staff_member(user=coordinator)
    assert is_staff_member(user=partner)
    assert not is_staff_member(user=multiplier)
    assert is_multiplier(user=multiplier)
    assert not is_multiplier(user=advisor)
    assert not is_staff_member(user=AnonymousUser())


def test_the_pending_device_is_the_unconfirmed_one(advisor):
    assert pending_totp_device(user=advisor) is None
    device = totp_device_start(user=advisor)
    assert pending_totp_device(user=advisor) == device


def test_figures_cover_own_and_coordinated_offices_never_partners(
    advisor, coordinator, office, landesstelle, other_office, partner_org
):
    assert set(offices_for_figures(user=advisor)) == {office}
    assert set(offices_for_figures(user=coordinator)) == {landesstelle, office}
    superuser = UserFactory(is_superuser=True, is_staff=True)
    assert set(offices_for_figures(user=superuser)) == {landesstelle, office, other_office}


def test_acting_for_an_office_means_personal_data_there(advisor, coordinator, office):
    assert acts_for_office(user=advisor, organisation_id=office.pk)
    assert not acts_for_office(user=coordinator, organisation_id=office.pk)
    superuser = UserFactory(is_superuser=True, is_staff=True)
    assert acts_for_office(user=superuser, organisation_id=office.pk)
