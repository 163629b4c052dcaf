"""The audit log, readable by organisation admins of the organisation only."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import QuerySet

from kausa.accounts.tenancy import access_for
from kausa.core.models import AuditEntry

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from kausa.accounts.models import User


def audit_entries(
    *,
    user: User | AnonymousUser,
    action: str = "",
    object_type: str = "",
    actor_id: int | None = None,
) -> QuerySet[AuditEntry]:
    access = access_for(user)
    qs = AuditEntry.objects.all()
    if not access.is_superuser:
        qs = qs.filter(organisation_id__in=access.admin_orgs)
    if action:
        qs = qs.filter(action=action)
    if object_type:
        qs = qs.filter(object_type=object_type)
    if actor_id:
        qs = qs.filter(actor_id=actor_id)
    return qs.select_related("actor", "organisation").order_by("-at", "-id")


def audit_object_types(*, user: User | AnonymousUser) -> list[str]:
    """The kinds of object in the entries the user may read, sorted (the log's filter)."""
    qs = audit_entries(user=user).order_by().values_list("object_type", flat=True).distinct()
    return sorted(qs)
