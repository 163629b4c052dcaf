"""Writes of the reference app: the occupation aliases staff add (the catalogues themselves
change only through `kausa load-reference`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from kausa.accounts.tenancy import access_for
from kausa.reference.models import OccupationAlias
from kausa.reference.occupation_matching import RULES, readings
from kausa.reference.selectors import occupation_matcher, occupation_matcher_clear

if TYPE_CHECKING:
    from django.contrib.auth.base_user import AbstractBaseUser
    from django.contrib.auth.models import AnonymousUser


def may_edit_occupation_aliases(user: AbstractBaseUser | AnonymousUser | None) -> bool:
    """Office staff (advisors, office admins, coordinators) and superusers; not partners."""
    access = access_for(user)  # type: ignore[arg-type]
    return access.is_superuser or bool(access.figure_orgs)


def occupation_alias_check(*, alias: str, instance_id: int | None = None) -> str:
    """The alias's lookup key; ValidationError if the name cannot serve as an alias: empty
    once normalised, already an alias, or already mapped by the catalogue's own names."""
    keys = readings(alias)
    if not keys:
        raise ValidationError({"alias": _("This name is empty once normalised.")})
    key = keys[0]
    others = OccupationAlias.objects.filter(key=key)
    if instance_id is not None:
        others = others.exclude(pk=instance_id)
    taken = others.first()
    if taken is not None:
        raise ValidationError(
            {
                "alias": _("“%(alias)s” is already an alias of %(occupation)s.")
                % {"alias": taken.alias, "occupation": taken.occupation}
            }
        )
    found = occupation_matcher().index.match(alias)
    if found is not None and found.method == RULES:
        known = occupation_matcher().occupations[found.occupation_id]
        raise ValidationError(
            {
                "alias": _("This name already maps to %(occupation)s without an alias.")
                % {"occupation": known}
            }
        )
    return key


def occupation_alias_save(
    *, user: AbstractBaseUser | AnonymousUser | None, alias: OccupationAlias
) -> OccupationAlias:
    """Create or change a staff alias; the name lookup sees it at once in this process and
    within MATCHER_RECHECK_SECONDS in the others."""
    if not may_edit_occupation_aliases(user):
        raise PermissionDenied
    with transaction.atomic():
        alias.alias = " ".join(alias.alias.split())
        alias.key = occupation_alias_check(alias=alias.alias, instance_id=alias.pk)
        if alias.pk is None and user is not None and user.is_authenticated:
            alias.created_by_id = user.pk
        alias.full_clean(exclude=["key"])
        alias.save()
        transaction.on_commit(occupation_matcher_clear)
    occupation_matcher_clear()
    return alias


def occupation_alias_delete(
    *, user: AbstractBaseUser | AnonymousUser | None, alias: OccupationAlias
) -> None:
    if not may_edit_occupation_aliases(user):
        raise PermissionDenied
    with transaction.atomic():
        alias.delete()
        transaction.on_commit(occupation_matcher_clear)
    occupation_matcher_clear()
