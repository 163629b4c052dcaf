"""Reads of the check-in: the door list a phone keeps, a registration by its code.

Registrations are personal data: scoped with scope_personal_data.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import Http404
from django.utils import timezone

from kausa.accounts.tenancy import scope_personal_data
from kausa.events.models import Event, Registration
from kausa.events.registration.selectors import staff_registrations

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from kausa.accounts.models import User


def door_list(*, user: User | AnonymousUser, event: Event) -> list[dict[str, object]]:
    """What the phone keeps for the door: confirmed seats only, nothing else personal."""
    rows = (
        scope_personal_data(Registration.objects.filter(event=event), user)
        .filter(status=Registration.Status.CONFIRMED)
        .select_related("group")
        .order_by("name", "id")
    )
    return [
        {
            "code": r.checkin_code,
            "name": r.name,
            "party": r.party_size,
            "group": r.group.name if r.group else "",
            "in": timezone.localtime(r.checked_in_at).strftime("%H:%M") if r.checked_in_at else "",
        }
        for r in rows
    ]


def door_search(
    *, user: User | AnonymousUser, event: Event, query: str, limit: int = 30
) -> list[Registration]:
    """Registrations (not cancelled) found by name or typed code; none for no query."""
    if not query:
        return []
    return list(
        staff_registrations(user=user, event=event, query=query).exclude(
            status=Registration.Status.CANCELLED
        )[:limit]
    )


def staff_registration_by_code(*, user: User | AnonymousUser, code: str) -> Registration:
    code = code.strip().upper().replace(" ", "").replace("-", "")
    registration = (
        scope_personal_data(Registration.objects.all(), user)
        .select_related("event", "group")
        .filter(checkin_code=code)
        .first()
    )
    if registration is None:
        raise Http404
    return registration
