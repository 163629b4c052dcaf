"""Shared writes: follow-ups for public requests, the office responsible for a place."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from kausa.accounts.models import Membership, Organisation, User
from kausa.core.audit import audit
from kausa.counselling.models import FollowUp
from kausa.reference.models import PostalCode


def office_advisor(office: Organisation) -> User | None:
    membership = (
        Membership.objects.filter(organisation=office, role=Membership.Role.ADVISOR)
        .select_related("user")
        .filter(user__is_active=True)
        .order_by("created_at", "id")
        .first()
    )
    return membership.user if membership else None


def responsible_office(postal_code: PostalCode) -> Organisation | None:
    """The active KAUSA office of the postal code's state, the one in the same city first."""
    offices = list(
        Organisation.objects.filter(
            kind__in=Organisation.OFFICE_KINDS, is_active=True, state=postal_code.state_code
        ).order_by("kind", "id")  # landesstelle sorts before servicestelle
    )
    for office in offices:
        if office.city and office.city == postal_code.place:
            return office
    return offices[0] if offices else None


@transaction.atomic
def public_follow_up_create(
    *, office: Organisation, title: str, due_in_days: int = 3
) -> FollowUp | None:
    """A task for the office's first advisor about a request from the public (no case).

    Returns None when the office has no advisor (yet); the request itself is kept anyway.
    """
    advisor = office_advisor(office)
    target = office
    if advisor is None and office.parent is not None:
        target = office.parent
        advisor = office_advisor(target)
    if advisor is None:
        return None
    follow_up = FollowUp.objects.create(
        organisation=target,
        case=None,
        title=title.strip()[:200],
        due_on=timezone.localdate() + dt.timedelta(days=due_in_days),
        assignee=advisor,
        created_by=None,
    )
    audit(actor=None, action="create", obj=follow_up, detail="public request")
    return follow_up
