"""Writes of an event's set-up: groups (language groups, time blocks) and JUMP! stations.

Seats of a group change under the same lock as registrations (the event row), so a
group never ends up with fewer seats than people already confirmed in it.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from kausa.accounts.tenancy import require_edit_access
from kausa.core.audit import audit
from kausa.events.models import Event, EventGroup, Station
from kausa.events.registration.services import promote_after_more_seats, seats_taken

if TYPE_CHECKING:
    from kausa.accounts.models import User
    from kausa.companies.models import Company
    from kausa.reference.models import Language


def _when(value: dt.datetime) -> str:
    return formats.date_format(timezone.localtime(value), "SHORT_DATETIME_FORMAT")


def time_window_errors(
    event: Event, starts_at: dt.datetime | None, ends_at: dt.datetime | None
) -> dict[str, str]:
    """Start and end both given, in order, and inside the event's own time."""
    if starts_at is None and ends_at is None:
        return {}
    if starts_at is None or ends_at is None:
        field = "ends_at" if ends_at is None else "starts_at"
        return {field: _("Give both start and end, or neither.")}
    if ends_at <= starts_at:
        return {"ends_at": _("The end must be after the start.")}
    if starts_at < event.starts_at or ends_at > event.ends_at:
        return {
            "starts_at": _("The time must lie within the event (%(start)s – %(end)s).")
            % {"start": _when(event.starts_at), "end": _when(event.ends_at)}
        }
    return {}


def _lock(event: Event) -> Event:
    """Lock the event row: registrations take seats under the same lock."""
    return Event.objects.select_for_update().get(pk=event.pk)


# --- groups ----------------------------------------------------------------------


def _group_errors(
    event: Event,
    group: EventGroup | None,
    *,
    kind: str,
    name: str,
    language: Language | None,
    starts_at: dt.datetime | None,
    ends_at: dt.datetime | None,
    capacity: int,
) -> dict[str, str]:
    errors: dict[str, str] = {}
    if not name.strip():
        errors["name"] = _("Please give the group a name.")
    if kind == EventGroup.Kind.LANGUAGE and language is None:
        errors["language"] = _("Choose the language of a language group.")
    if kind == EventGroup.Kind.TIME_BLOCK and (starts_at is None or ends_at is None):
        errors["starts_at"] = _("A time block needs a start and an end.")
    errors = time_window_errors(event, starts_at, ends_at) | errors
    if capacity < 1:
        errors["capacity"] = _("A group needs at least one seat.")
    elif group is not None:
        taken = seats_taken(event.pk, group_id=group.pk)
        if capacity < taken:
            errors["capacity"] = _(
                "%(n)s people already have a confirmed seat in this group: it needs at least "
                "%(n)s seats."
            ) % {"n": taken}
    return errors


def group_save(
    *,
    user: User | None,
    event: Event,
    group: EventGroup | None = None,
    kind: str,
    name: str,
    language: Language | None = None,
    starts_at: dt.datetime | None = None,
    ends_at: dt.datetime | None = None,
    capacity: int,
) -> EventGroup:
    """Add a group to the event (``group=None``) or change one of its groups.

    More seats in a group move the first waiting parties of that group up.
    """
    require_edit_access(user, event.organisation_id)
    if group is not None and group.event_id != event.pk:
        raise ValidationError(_("This group belongs to another event."))
    with transaction.atomic():
        event = _lock(event)
        errors = _group_errors(
            event,
            group,
            kind=kind,
            name=name,
            language=language,
            starts_at=starts_at,
            ends_at=ends_at,
            capacity=capacity,
        )
        if errors:
            raise ValidationError(errors)
        created = group is None
        group = group or EventGroup(event=event)
        group.kind = kind
        group.name = name.strip()
        group.language = language
        group.starts_at, group.ends_at = starts_at, ends_at
        before = EventGroup.objects.filter(pk=group.pk).values_list("capacity", flat=True).first()
        grew = before is not None and capacity > before
        group.capacity = capacity
        group.full_clean()
        group.save()
        if grew:
            promote_after_more_seats(event)
        audit(
            actor=user,
            action="create" if created else "update",
            obj=group,
            organisation_id=event.organisation_id,
            detail=f"event={event.pk}",
        )
    return group


def group_delete(*, user: User | None, group: EventGroup) -> None:
    """Delete a group nobody is registered in; people are never dropped silently."""
    require_edit_access(user, group.event.organisation_id)
    with transaction.atomic():
        event = _lock(group.event)
        count = group.registrations.count()
        if count:
            raise ValidationError(
                _(
                    "“%(name)s” cannot be deleted: %(n)s registrations (including cancelled "
                    "ones) belong to it. Rename the group or change its seats instead."
                )
                % {"name": group.name, "n": count}
            )
        audit(
            actor=user,
            action="delete",
            obj=group,
            organisation_id=event.organisation_id,
            detail=f"event={event.pk}",
        )
        group.delete()


# --- stations --------------------------------------------------------------------


def _station_errors(
    event: Event,
    *,
    kind: str,
    name: str,
    company: Company | None,
    starts_at: dt.datetime | None,
    ends_at: dt.datetime | None,
) -> dict[str, str]:
    errors: dict[str, str] = {}
    if event.type != Event.Type.JUMP:
        errors["kind"] = _("Only JUMP! events have stations.")
    if not name.strip() and company is None:
        errors["name"] = _("Please give the station a name.")
    if company is not None:
        if kind != Station.Kind.COMPANY:
            errors["company"] = _("Only company stations are linked to a company.")
        elif company.organisation_id != event.organisation_id:
            errors["company"] = _("Choose one of your office's companies.")
    if starts_at is None or ends_at is None:
        errors["starts_at"] = _("A station needs a start and an end.")
    return time_window_errors(event, starts_at, ends_at) | errors


def station_save(
    *,
    user: User | None,
    event: Event,
    station: Station | None = None,
    kind: str,
    name: str = "",
    company: Company | None = None,
    starts_at: dt.datetime | None,
    ends_at: dt.datetime | None,
    place: str = "",
    activity: str = "",
) -> Station:
    """Add a station to a JUMP! event (``station=None``) or change one of its stations.

    A company station without its own name takes the company's name.
    """
    require_edit_access(user, event.organisation_id)
    if station is not None and station.event_id != event.pk:
        raise ValidationError(_("This station belongs to another event."))
    errors = _station_errors(
        event, kind=kind, name=name, company=company, starts_at=starts_at, ends_at=ends_at
    )
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        created = station is None
        station = station or Station(event=event)
        station.kind = kind
        station.name = name.strip() or (company.name if company else "")
        station.company = company
        station.starts_at, station.ends_at = starts_at, ends_at  # type: ignore[assignment]
        station.place = place.strip()
        station.activity = activity.strip()
        station.full_clean()
        station.save()
        audit(
            actor=user,
            action="create" if created else "update",
            obj=station,
            organisation_id=event.organisation_id,
            detail=f"event={event.pk}",
        )
    return station


def station_delete(*, user: User | None, station: Station) -> None:
    event = station.event
    require_edit_access(user, event.organisation_id)
    with transaction.atomic():
        audit(
            actor=user,
            action="delete",
            obj=station,
            organisation_id=event.organisation_id,
            detail=f"event={event.pk}",
        )
        station.delete()
