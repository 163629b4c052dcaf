"""The one place that decides which organisations' data a user may see.

Selectors of every app call these functions; views never filter by organisation
themselves. Access is derived from Membership rows only.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeVar

from django.db.models import Model, QuerySet

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from kausa.accounts.models import User

M = TypeVar("M", bound=Model)

PERSONAL_DATA_ROLES = frozenset({"advisor", "org_admin"})
FIGURE_ROLES = frozenset({"advisor", "org_admin", "coordinator"})


@dataclass(frozen=True)
class Access:
    """What one user may see, computed once per request."""

    personal_data_orgs: frozenset[int]
    figure_orgs: frozenset[int]
    admin_orgs: frozenset[int]
    partner_orgs: frozenset[int]
    is_superuser: bool = False
    multiplier_orgs: frozenset[int] = frozenset()

    @property
    def is_staff_member(self) -> bool:
        return bool(self.figure_orgs or self.partner_orgs or self.is_superuser)


_EMPTY = Access(frozenset(), frozenset(), frozenset(), frozenset())


def access_for(user: User | AnonymousUser | None) -> Access:
    if user is None or not user.is_authenticated or not user.is_active:
        return _EMPTY
    cached = getattr(user, "_kausa_access", None)
    if cached is not None:
        return cached
    from kausa.accounts.models import Membership, Organisation

    rows = list(
        Membership.objects.filter(user=user, organisation__is_active=True).values_list(
            "organisation_id", "role", "organisation__kind"
        )
    )
    personal = {org for org, role, _ in rows if role in PERSONAL_DATA_ROLES}
    coordinated = {org for org, role, kind in rows if role == "coordinator"}
    figures = {org for org, role, _ in rows if role in FIGURE_ROLES}
    if coordinated:
        figures |= set(
            Organisation.objects.filter(parent_id__in=coordinated).values_list("id", flat=True)
        )
    access = Access(
        personal_data_orgs=frozenset(personal),
        figure_orgs=frozenset(figures),
        admin_orgs=frozenset(org for org, role, _ in rows if role == "org_admin"),
        partner_orgs=frozenset(org for org, role, _ in rows if role == "partner"),
        is_superuser=bool(user.is_superuser),
        multiplier_orgs=frozenset(org for org, role, _ in rows if role == "multiplier"),
    )
    user._kausa_access = access
    return access


def forget_access(user: User) -> None:
    """Drop the cached decision, e.g. after memberships changed within one request."""
    if hasattr(user, "_kausa_access"):
        del user._kausa_access


def scope_personal_data(
    queryset: QuerySet[M], user: User | AnonymousUser | None, *, field: str = "organisation"
) -> QuerySet[M]:
    """Rows with personal data that belong to organisations where the user advises."""
    access = access_for(user)
    if access.is_superuser:
        return queryset
    return queryset.filter(**{f"{field}_id__in": access.personal_data_orgs})


def scope_figures(
    queryset: QuerySet[M], user: User | AnonymousUser | None, *, field: str = "organisation"
) -> QuerySet[M]:
    """Rows that may be *counted* for the user (own offices plus coordinated ones)."""
    access = access_for(user)
    if access.is_superuser:
        return queryset
    return queryset.filter(**{f"{field}_id__in": access.figure_orgs})


def require_edit_access(user: User | None, organisation_id: int) -> None:
    """Raise PermissionDenied unless the user advises in the organisation.

    ``user=None`` means the system itself (demo loader, imports run by an operator).
    """
    if user is None:
        return
    from django.core.exceptions import PermissionDenied

    access = access_for(user)
    if not (access.is_superuser or organisation_id in access.personal_data_orgs):
        raise PermissionDenied("You cannot change records of this organisation.")
