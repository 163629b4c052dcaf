from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import QuerySet

from kausa.accounts.models import Organisation
from kausa.accounts.tenancy import access_for

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from kausa.accounts.models import User


def organisations_of(*, user: User | AnonymousUser) -> QuerySet[Organisation]:
    """The organisations the user is a member of (not those merely coordinated)."""
    if not user.is_authenticated:
        return Organisation.objects.none()
    return Organisation.objects.filter(memberships__user=user).distinct().order_by("name")


def offices_for_figures(*, user: User | AnonymousUser) -> QuerySet[Organisation]:
    access = access_for(user)
    return Organisation.objects.filter(id__in=access.figure_orgs).order_by("name")


def public_offices() -> QuerySet[Organisation]:
    """Active KAUSA offices: public information (names and cities, no people)."""
    return Organisation.objects.filter(kind__in=Organisation.OFFICE_KINDS, is_active=True).order_by(
        "state", "name"
    )


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
