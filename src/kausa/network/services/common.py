"""Shared writes: follow-ups for public requests, the office responsible for a place."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from kausa.accounts.models import Membership, Organisation, User
from kausa.counselling.models import FollowUp
from kausa.counselling.services import Requester, follow_up_for_office
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
    """The active KAUSA office whose area (postal-code ranges, kept by the office) holds the
    code; else the office of the postal code's state, the one in the same city first."""
    active = Organisation.objects.filter(kind__in=Organisation.OFFICE_KINDS, is_active=True)
    for office in active.exclude(serves_postal_codes="").order_by("-kind", "id"):
        if office.serves(postal_code.code):
            return office  # a Servicestelle's own area before its Landesstelle's
    offices = list(
        active.filter(state=postal_code.state_code).order_by("kind", "id")
    )  # landesstelle sorts before servicestelle
    for office in offices:
        if office.city and office.city == postal_code.place:
            return office
    return offices[0] if offices else None


def public_follow_up_create(
    *,
    office: Organisation,
    title: str,
    due_in_days: int = 3,
    kind: str = FollowUp.Kind.OTHER_REQUEST,
    requester: Requester | None = None,
    company_id: int | None = None,
) -> FollowUp | None:
    """A task about a request from the public, by counselling's one rule for who takes it."""
    return follow_up_for_office(
        organisation_id=office.pk,
        title=title,
        due_on=timezone.localdate() + dt.timedelta(days=due_in_days),
        kind=kind,
        requester=requester,
        company_id=company_id,
    )
