"""Reads of registrations: the personal page by token, seats per group, the staff lists.

Staff reads take an event that came from ``selectors.staff_event_get`` and are scoped
with scope_personal_data (registrations are personal data).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Q, QuerySet, Sum
from django.http import Http404

from kausa.accounts.tenancy import scope_personal_data
from kausa.core.text import search_key
from kausa.events.models import Event, Registration
from kausa.people.selectors import young_person_get

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from kausa.accounts.models import User
    from kausa.people.models import YoungPerson


def registration_by_token(*, token: str) -> Registration:
    registration = (
        Registration.objects.select_related("event", "event__organisation", "group")
        .filter(token=token)
        .first()
    )
    if registration is None:
        raise Http404
    return registration


def group_seats(event: Event) -> dict[int, int]:
    rows = (
        Registration.objects.filter(event=event, status=Registration.Status.CONFIRMED)
        .values("group_id")
        .annotate(n=Sum("party_size"))
    )
    return {row["group_id"]: row["n"] for row in rows if row["group_id"]}


def staff_registrations(
    *, user: User | AnonymousUser, event: Event, query: str = ""
) -> QuerySet[Registration]:
    qs = scope_personal_data(Registration.objects.filter(event=event), user).select_related(
        "group", "young_person"
    )
    if query.strip():
        key = search_key(query)
        code = query.strip().upper().replace(" ", "")
        qs = qs.filter(
            Q(name__icontains=query.strip()) | Q(name__icontains=key) | Q(checkin_code=code)
        )
    return qs.order_by("status", "waitlist_number", "name", "id")


def staff_active_registrations(*, user: User | AnonymousUser, event: Event) -> list[Registration]:
    """The event's registrations with a seat or on the waitlist (not the cancelled ones)."""
    return list(
        staff_registrations(user=user, event=event).exclude(status=Registration.Status.CANCELLED)
    )


def staff_registration_get(*, user: User | AnonymousUser, event: Event, pk: int) -> Registration:
    """One registration of the event, else 404."""
    registration = staff_registrations(user=user, event=event).filter(pk=pk).first()
    if registration is None:
        raise Http404
    return registration


def person_to_link(*, user: User | AnonymousUser, event: Event, pk: int) -> YoungPerson:
    """A young person of the event's office the user may see, to link a registration to;
    404 for anyone else."""
    person = young_person_get(user=user, pk=pk)
    if person.organisation_id != event.organisation_id:
        raise Http404
    return person


def person_suggestions(
    *, user: User | AnonymousUser, registrations: list[Registration]
) -> dict[int, YoungPerson]:
    """For registrations not linked to a young person: one of the office's young people with
    the same e-mail address, phone number or full name (first match wins)."""
    from kausa.people.models import YoungPerson as People

    open_rows = [
        r
        for r in registrations
        if r.young_person_id is None and r.status != Registration.Status.CANCELLED
    ][:300]
    if not open_rows:
        return {}
    match = Q(pk__in=[])
    for r in open_rows:
        if r.email:
            match |= Q(email__iexact=r.email)
        if r.phone:
            match |= Q(phone=r.phone)
        parts = r.name.split()
        if len(parts) >= 2:
            match |= Q(first_name__iexact=" ".join(parts[:-1]), last_name__iexact=parts[-1])
    people = list(
        scope_personal_data(People.objects.all(), user)
        .filter(match, is_anonymised=False, organisation_id=open_rows[0].organisation_id)
        .order_by("pk")
    )
    found: dict[int, YoungPerson] = {}
    for r in open_rows:
        for person in people:
            same_mail = bool(r.email) and person.email.lower() == r.email.lower()
            same_phone = bool(r.phone) and person.phone == r.phone
            same_name = (
                f"{person.first_name} {person.last_name}".lower()
                == " ".join(r.name.split()).lower()
            )
            if same_mail or same_phone or same_name:
                found[r.pk] = person
                break
    return found
