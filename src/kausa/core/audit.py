"""Writing the audit log: every read and change of personal data leaves one row."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Model

from kausa.core.models import AuditEntry

if TYPE_CHECKING:
    from django.contrib.auth.base_user import AbstractBaseUser
    from django.contrib.auth.models import AnonymousUser


def audit(
    *,
    actor: AbstractBaseUser | AnonymousUser | None,
    action: str,
    obj: Model | None = None,
    organisation_id: int | None = None,
    object_type: str = "",
    object_id: str = "",
    detail: str = "",
) -> AuditEntry:
    """Record one action on one record (or on a list). ``detail`` holds no personal data."""
    if obj is not None:
        organisation_id = organisation_id or obj.organisation_id  # type: ignore[attr-defined]
        object_type, object_id = obj._meta.label_lower, str(obj.pk)
    if organisation_id is None:
        raise ValueError("An audit entry needs the organisation.")
    return AuditEntry.objects.create(
        actor_id=actor.pk if actor is not None and actor.is_authenticated else None,
        organisation_id=organisation_id,
        action=action,
        object_type=object_type,
        object_id=object_id,
        detail=detail[:200],
    )
