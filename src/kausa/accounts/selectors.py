from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Q, QuerySet
from django_otp.plugins.otp_totp.models import TOTPDevice

from kausa.accounts.models import Membership, Organisation, User
from kausa.accounts.tenancy import PERSONAL_DATA_ROLES, access_for

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser


def organisations_of(*, user: User | AnonymousUser) -> QuerySet[Organisation]:
    """The organisations the user is a member of (not those merely coordinated)."""
    if not user.is_authenticated:
        return Organisation.objects.none()
    return Organisation.objects.filter(memberships__user=user).distinct().order_by("name")


def offices_for_figures(*, user: User | AnonymousUser) -> QuerySet[Organisation]:
    """The offices whose figures the user may count: their own and the ones they coordinate
    (a superuser: every office); no partner organisations. By state and name."""
    access = access_for(user)
    offices = Organisation.objects.filter(kind__in=Organisation.OFFICE_KINDS)
    if not access.is_superuser:
        offices = offices.filter(id__in=access.figure_orgs)
    return offices.order_by("state", "name")


def acts_for_office(*, user: User | AnonymousUser, organisation_id: int) -> bool:
    """Whether the user works with the office's personal data (or is a superuser)."""
    access = access_for(user)
    return access.is_superuser or organisation_id in access.personal_data_orgs


def offices_acting_for(*, user: User | AnonymousUser) -> QuerySet[Organisation]:
    """The offices the user acts for: where they see and change personal data (advisor or
    organisation admin), by name. A superuser without memberships acts for none."""
    return Organisation.objects.filter(id__in=access_for(user).personal_data_orgs).order_by("name")


def office_for_new_record(*, user: User | AnonymousUser) -> Organisation | None:
    """The one rule for the office a new record belongs to when the user does not choose
    one: the first (oldest) office the user acts for. None when they act for no office."""
    return (
        Organisation.objects.filter(id__in=access_for(user).personal_data_orgs)
        .order_by("pk")
        .first()
    )


def offices_administered_by(*, user: User | AnonymousUser) -> QuerySet[Organisation]:
    """The organisations where the user is an organisation admin, by name."""
    return Organisation.objects.filter(id__in=access_for(user).admin_orgs).order_by("name")


def administered_office_get(*, user: User | AnonymousUser, pk: int | None) -> Organisation | None:
    """One organisation the user administers; None for any other (or no) id."""
    if pk is None:
        return None
    return offices_administered_by(user=user).filter(pk=pk).first()


def colleagues_of(*, user: User | AnonymousUser) -> QuerySet[User]:
    """Advisors and organisation admins of the offices the user acts for, by name."""
    return (
        User.objects.filter(
            memberships__organisation_id__in=access_for(user).personal_data_orgs,
            memberships__role__in=sorted(PERSONAL_DATA_ROLES),
        )
        .distinct()
        .order_by("full_name")
    )


def is_staff_member(*, user: User | AnonymousUser) -> bool:
    """Works in an office (advisor, admin, coordinator), for a partner, or is a superuser."""
    return access_for(user).is_staff_member


def is_multiplier(*, user: User | AnonymousUser) -> bool:
    """A multiplier of some organisation (school, integration council ...)."""
    return bool(access_for(user).multiplier_orgs)


def public_offices() -> QuerySet[Organisation]:
    """Active KAUSA offices: public information (names, addresses, contact; no people)."""
    return Organisation.objects.filter(kind__in=Organisation.OFFICE_KINDS, is_active=True).order_by(
        "state", "name"
    )


def public_office_get(slug: str) -> Organisation | None:
    """One active office by its short name, for its public contact page; None for an
    unknown, inactive or non-office slug."""
    return public_offices().select_related("parent").filter(slug=slug).first()


def two_factor_required_for(*, user: User | AnonymousUser) -> bool:
    if not user.is_authenticated:
        return False
    cached = getattr(user, "_kausa_2fa_required", None)
    if cached is None:
        cached = Organisation.objects.filter(
            memberships__user=user, require_two_factor=True, is_active=True
        ).exists()
        user._kausa_2fa_required = cached
    return cached


def pending_totp_device(*, user: User) -> TOTPDevice | None:
    """The device the user started to set up and has not confirmed with a code yet."""
    return TOTPDevice.objects.filter(user=user, confirmed=False).first()


def offices_for_targets(*, user: User | AnonymousUser) -> QuerySet[Organisation]:
    """The offices whose yearly targets the user sets: a coordinator's Landesstelle and its
    Servicestellen, an organisation admin's own office (a superuser: every office)."""
    access = access_for(user)
    offices = Organisation.objects.filter(kind__in=Organisation.OFFICE_KINDS, is_active=True)
    if access.is_superuser:
        return offices.order_by("state", "name")
    if not user.is_authenticated:
        return offices.none()
    coordinated = Membership.objects.filter(
        user_id=user.pk, role=Membership.Role.COORDINATOR
    ).values("organisation_id")
    return offices.filter(
        Q(id__in=coordinated) | Q(parent_id__in=coordinated) | Q(id__in=access.admin_orgs)
    ).order_by("state", "name")
