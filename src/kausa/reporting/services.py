"""Writing reporting's own records: the yearly targets."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from kausa.accounts.selectors import offices_for_targets
from kausa.core.audit import audit
from kausa.reporting.indicators import BY_KEY
from kausa.reporting.models import Target

if TYPE_CHECKING:
    from kausa.accounts.models import Organisation, User

MAX_TARGET = 1_000_000


@transaction.atomic
def targets_set(
    *, user: User, office: Organisation, year: int, values: Mapping[str, int | None]
) -> int:
    """Set (or clear, with None) the office's targets of ``year``; returns how many changed.

    Only a coordinator of the office's Landesstelle, the office's admin or a superuser may.
    """
    if not offices_for_targets(user=user).filter(pk=office.pk).exists():
        raise PermissionDenied("You cannot set targets for this office.")
    if not 2000 <= year <= 2100:
        raise ValidationError(_("Please choose a year between 2000 and 2100."))
    unknown = sorted(set(values) - set(BY_KEY))
    if unknown:
        raise ValidationError(_("Unknown indicator: %(keys)s") % {"keys": ", ".join(unknown)})
    for key, value in values.items():
        if value is not None and not 0 <= value <= MAX_TARGET:
            raise ValidationError(
                _("%(indicator)s: a target is a whole number from 0 to %(max)s.")
                % {"indicator": BY_KEY[key].label, "max": MAX_TARGET}
            )
    existing = {t.indicator: t for t in Target.objects.filter(organisation=office, year=year)}
    changed = []
    for key, value in values.items():
        target = existing.get(key)
        if value is None:
            if target is not None:
                target.delete()
                changed.append(f"{key}=")
        elif target is None:
            Target.objects.create(
                organisation=office, year=year, indicator=key, value=value, updated_by=user
            )
            changed.append(f"{key}={value}")
        elif target.value != value:
            target.value, target.updated_by = value, user
            target.save(update_fields=["value", "updated_by", "updated_at"])
            changed.append(f"{key}={value}")
    if changed:
        audit(
            actor=user,
            action="update",
            organisation_id=office.pk,
            object_type="reporting.target",
            object_id=str(year),
            detail=f"targets {year}: " + ", ".join(changed),
        )
    return len(changed)
