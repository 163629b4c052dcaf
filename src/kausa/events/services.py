"""Writes of events: create, edit, translate, copy and call off.

Who holds a seat is decided in ``kausa.events.registration.services``; a change of the
event that touches seats (more capacity, cancelling) calls it under the event's row lock.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kausa.accounts.tenancy import require_edit_access
from kausa.core.audit import audit
from kausa.events.models import (
    Event,
    EventGroup,
    EventTranslation,
    Registration,
    SpeedDatingApplicant,
    SpeedDatingCompany,
    Station,
    new_invite_key,
)
from kausa.events.registration.services import (
    promote_after_more_seats,
    registrations_release,
    seats_taken,
)
from kausa.events.speed_dating.services import speed_dating_call_off

if TYPE_CHECKING:
    from kausa.accounts.models import Organisation, User
    from kausa.companies.models import Company
    from kausa.people.models import YoungPerson


@transaction.atomic
def event_create(
    *,
    user: User | None,
    organisation: Organisation,
    type: str,
    title: str,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    capacity: int,
    description: str = "",
    audience: str = Event.Audience.EVERYONE,
    is_public: bool = True,
    is_online: bool = False,
    video_room_url: str = "",
    venue: str = "",
    street: str = "",
    postal_code_id: str | None = None,
    city: str = "",
    lat: float | None = None,
    lon: float | None = None,
    language_codes: Iterable[str] = ("de",),
    status: str = Event.Status.PUBLISHED,
    contact_email: str = "",
    translations: dict[str, tuple[str, str]] | None = None,
) -> Event:
    require_edit_access(user, organisation.pk)
    event = Event(
        organisation=organisation,
        type=type,
        title=title.strip(),
        description=description,
        starts_at=starts_at,
        ends_at=ends_at,
        capacity=capacity,
        audience=audience,
        is_public=is_public,
        is_online=is_online,
        video_room_url=video_room_url,
        venue=venue,
        street=street,
        postal_code_id=postal_code_id,
        city=city,
        lat=lat,
        lon=lon,
        status=status,
        contact_email=contact_email,
    )
    _fill_place(event)
    event.full_clean(exclude=["languages"])
    event.save()
    # Language's primary key is its code; the stubs expect integer keys.
    event.languages.set(list(language_codes))  # type: ignore[arg-type]
    for language, (t_title, t_description) in (translations or {}).items():
        event_translation_set(
            user=user, event=event, language=language, title=t_title, description=t_description
        )
    return event


def _fill_place(event: Event) -> None:
    """A venue with a postal code gets city and map position from the reference data."""
    if event.postal_code_id and (event.lat is None or not event.city):
        from kausa.reference.models import PostalCode

        code = PostalCode.objects.filter(pk=event.postal_code_id).first()
        if code is not None:
            event.city = event.city or code.place
            if event.lat is None or event.lon is None:
                event.lat, event.lon = code.lat, code.lon


@transaction.atomic
def event_update(*, user: User, event: Event, **fields: object) -> Event:
    """Save changed fields; setting the status to cancelled cancels it as event_cancel does."""
    require_edit_access(user, event.organisation_id)
    # The form has already put its values on the instance: the stored status is the old one.
    was = Event.objects.select_for_update().filter(pk=event.pk).values_list("status", flat=True)
    previous = was.first()
    languages = fields.pop("language_codes", None)
    for name, value in fields.items():
        setattr(event, name, value)
    taken = seats_taken(event.pk)
    if event.capacity < taken:
        raise ValidationError(
            {
                "capacity": _(
                    "%(n)s people already have a confirmed seat: the event needs at least "
                    "%(n)s seats. Cancel registrations first to make it smaller."
                )
                % {"n": taken}
            }
        )
    _fill_place(event)
    event.full_clean(exclude=["languages"])
    event.save()
    if languages is not None:
        event.languages.set(list(languages))  # type: ignore[call-overload]
    if event.status == Event.Status.CANCELLED and previous != Event.Status.CANCELLED:
        audit(actor=user, action="update", obj=event, detail="event cancelled")
        registrations_release(event, user=user)
    else:
        promote_after_more_seats(event)
    return event


def event_cancel(*, user: User, event: Event) -> list[Registration]:
    """The office calls the event off: everyone registered or waiting is told in their language.

    Their registrations are cancelled with it, so no reminder, promotion or check-in
    follows. Returns the registrations released (none when it was cancelled already).
    """
    require_edit_access(user, event.organisation_id)
    with transaction.atomic():
        locked = Event.objects.select_for_update().get(pk=event.pk)
        if locked.status != Event.Status.CANCELLED:
            if locked.ends_at < timezone.now():
                raise ValidationError(_("The event is over: it cannot be cancelled any more."))
            locked.status = Event.Status.CANCELLED
            locked.save(update_fields=["status", "updated_at"])
            audit(actor=user, action="update", obj=locked, detail="event cancelled")
            if locked.type == Event.Type.SPEED_DATING:
                speed_dating_call_off(locked, user=user)
        released = registrations_release(locked, user=user)
    event.status = locked.status
    return released


@transaction.atomic
def event_translation_set(
    *, user: User | None, event: Event, language: str, title: str, description: str
) -> EventTranslation | None:
    """Set (or with an empty title remove) the event's text in one language."""
    require_edit_access(user, event.organisation_id)
    if not title.strip():
        EventTranslation.objects.filter(event=event, language=language).delete()
        return None
    row, _created = EventTranslation.objects.update_or_create(
        event=event,
        language=language,
        defaults={"title": title.strip(), "description": description},
    )
    return row


@transaction.atomic
def event_copy(*, user: User, event: Event, starts_at: dt.datetime | None = None) -> Event:
    """A draft copy with texts, languages, groups and stations; no registrations."""
    require_edit_access(user, event.organisation_id)
    shift = (starts_at - event.starts_at) if starts_at else dt.timedelta(days=7)
    source_pk = event.pk
    languages = list(event.languages.values_list("code", flat=True))
    copy = Event.objects.get(pk=source_pk)
    copy.pk = None
    copy.id = None
    copy._state.adding = True
    copy.status = Event.Status.DRAFT
    copy.starts_at = event.starts_at + shift
    copy.ends_at = event.ends_at + shift
    copy.video_room_url = ""
    copy.invite_key = new_invite_key()
    copy.save()
    copy.languages.set(languages)  # type: ignore[arg-type]  # codes are Language's keys
    for row in EventTranslation.objects.filter(event_id=source_pk):
        EventTranslation.objects.create(
            event=copy, language=row.language, title=row.title, description=row.description
        )
    for group in EventGroup.objects.filter(event_id=source_pk):
        group.pk = None
        group.event = copy
        if group.starts_at:
            group.starts_at += shift
        if group.ends_at:
            group.ends_at += shift
        group.save()
    for station in Station.objects.filter(event_id=source_pk):
        station.pk = None
        station.event = copy
        station.starts_at += shift
        station.ends_at += shift
        station.save()
    return copy


@transaction.atomic
def registrations_move_to_person(
    *, user: User | None, source: YoungPerson, target: YoungPerson
) -> int:
    """Event registrations and speed-dating sign-ups of ``source`` now belong to ``target``
    (a merge of two records of one person); returns how many moved."""
    require_edit_access(user, source.organisation_id)
    require_edit_access(user, target.organisation_id)
    if source.organisation_id != target.organisation_id:
        raise ValidationError(_("Choose a young person of the event's office."))
    rows: list[Registration | SpeedDatingApplicant] = [
        *Registration.objects.select_for_update().filter(young_person=source),
        *SpeedDatingApplicant.objects.select_for_update().filter(young_person=source),
    ]
    for row in rows:
        row.young_person = target
        row.save(update_fields=["young_person", "updated_at"])
        audit(actor=user, action="update", obj=row, detail=f"moved to person {target.pk}")
    return len(rows)


@transaction.atomic
def event_companies_move(*, user: User | None, source: Company, target: Company) -> int:
    """Event stations and speed-dating places of ``source`` now name ``target`` (a merge of
    two records of one company); returns how many moved."""
    require_edit_access(user, source.organisation_id)
    require_edit_access(user, target.organisation_id)
    rows: list[Station | SpeedDatingCompany] = [
        *Station.objects.select_for_update().select_related("event").filter(company=source),
        *SpeedDatingCompany.objects.select_for_update()
        .select_related("event")
        .filter(company=source),
    ]
    for row in rows:
        row.company = target
        row.save(update_fields=["company"])
        organisation = row.event.organisation_id
        audit(
            actor=user,
            action="update",
            organisation_id=organisation,
            object_type=row._meta.label_lower,
            object_id=str(row.pk),
            detail=f"company {source.pk} → {target.pk}",
        )
    return len(rows)
