"""Reads of the set-up pages: groups with their seats, stations, companies to link.

The event comes from ``selectors.staff_event_get``, so it is already scoped; rows are
looked up through it, so a row of another event is a 404.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Count, QuerySet
from django.http import Http404

from kausa.accounts.tenancy import scope_personal_data
from kausa.events.models import Event, EventGroup, Station
from kausa.events.registration.selectors import group_seats

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from kausa.accounts.models import User
    from kausa.companies.models import Company


def setup_groups(event: Event) -> list[EventGroup]:
    """The event's groups with ``seats_taken`` (confirmed people) and ``registration_count``."""
    taken = group_seats(event)
    groups: list[EventGroup] = list(
        EventGroup.objects.filter(event=event)
        .select_related("language")
        .annotate(registration_count=Count("registrations"))
        .order_by("starts_at", "name", "id")
    )
    for group in groups:
        group.seats_taken = taken.get(group.pk, 0)  # type: ignore[attr-defined]
    return groups


def setup_stations(event: Event) -> QuerySet[Station]:
    return Station.objects.filter(event=event).select_related("company")


def setup_office_companies(*, user: User | AnonymousUser, event: Event) -> QuerySet[Company]:
    """Companies of the event's office that the user may see, to link or invite."""
    from kausa.companies.models import Company

    return (
        scope_personal_data(Company.objects.filter(organisation_id=event.organisation_id), user)
        .only("id", "name")
        .order_by("name", "id")
    )


def group_get(*, event: Event, pk: int) -> EventGroup:
    group = EventGroup.objects.filter(event=event, pk=pk).first()
    if group is None:
        raise Http404
    return group


def station_get(*, event: Event, pk: int) -> Station:
    station = Station.objects.filter(event=event, pk=pk).first()
    if station is None:
        raise Http404
    return station
