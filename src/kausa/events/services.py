"""Writes of events and registrations.

Seats are never overbooked: every change of who holds a seat happens inside one
transaction that first locks the event row (``select_for_update``; SQLite runs
writers one at a time with ``transaction_mode=IMMEDIATE``). The partial unique
constraint on (event, e-mail) is the second guard against double registration.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import Max, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from kausa.accounts.tenancy import require_edit_access
from kausa.core.audit import audit
from kausa.events.models import Event, EventGroup, EventTranslation, Registration

if TYPE_CHECKING:
    from kausa.accounts.models import Organisation, User
    from kausa.people.models import YoungPerson

CONSENT_TEXT_VERSION = "1"


@dataclass(frozen=True)
class RegistrationResult:
    registration: Registration
    created: bool

    @property
    def waitlist_position(self) -> int | None:
        return waitlist_position(self.registration)


def waitlist_position(registration: Registration) -> int | None:
    """1 for the first waiting party; None when not waiting."""
    if registration.status != Registration.Status.WAITLISTED:
        return None
    return Registration.objects.filter(
        event_id=registration.event_id,
        status=Registration.Status.WAITLISTED,
        waitlist_number__lte=registration.waitlist_number,
    ).count()


def seats_taken(event_id: int, *, group_id: int | None = None) -> int:
    qs = Registration.objects.filter(event_id=event_id, status=Registration.Status.CONFIRMED)
    if group_id is not None:
        qs = qs.filter(group_id=group_id)
    return qs.aggregate(n=Sum("party_size"))["n"] or 0


def _fits(event: Event, group: EventGroup | None, party_size: int) -> bool:
    if seats_taken(event.pk) + party_size > event.capacity:
        return False
    return group is None or seats_taken(event.pk, group_id=group.pk) + party_size <= group.capacity


def _on_commit_mail(kind: str, registration_id: int) -> None:
    from kausa.events import tasks

    task = {
        "confirmation": tasks.send_registration_mail,
        "promotion": tasks.send_promotion_mail,
        "event_cancelled": tasks.send_event_cancelled_mail,
    }[kind]
    transaction.on_commit(lambda: task.enqueue(registration_id))


def _existing(event: Event, email: str, phone: str) -> Registration | None:
    active = Registration.objects.filter(event=event).exclude(status=Registration.Status.CANCELLED)
    if email:
        return active.filter(email=email).first()
    return active.filter(email="", phone=phone).first()


def _validate_contact(*, email: str, language: str) -> None:
    """What the person typed, checked the same for the page and the API."""
    errors: dict[str, str] = {}
    if language not in {code for code, _name in settings.LANGUAGES}:
        errors["language"] = _("Choose one of the site's languages.")
    if email:
        try:
            validate_email(email)
        except ValidationError:
            errors["email"] = _("Enter a valid e-mail address.")
    if errors:
        raise ValidationError(errors)


def _validate_registration(
    event: Event,
    group: EventGroup | None,
    *,
    name: str,
    email: str,
    phone: str,
    party_size: int,
    consent: bool,
    now: dt.datetime,
) -> None:
    errors: dict[str, str] = {}
    if event.status == Event.Status.CANCELLED:
        errors["event"] = _("This event has been cancelled. Registration is closed.")
    elif event.status != Event.Status.PUBLISHED:
        errors["event"] = _("This event does not take registrations.")
    elif event.ends_at < now:
        errors["event"] = _("This event is over.")
    if not name.strip():
        errors["name"] = _("Please give your name.")
    if not email and not phone:
        errors["email"] = _("Please give an e-mail address or a phone number.")
    if not consent:
        errors["consent"] = _("Please agree that we store your data for this event.")
    limit = group.capacity if group else event.capacity
    if party_size < 1 or party_size > min(limit, 8):
        errors["party_size"] = _("A party can have 1 to %(n)s people.") % {"n": min(limit, 8)}
    if group is None and event.groups.exists():
        errors["group"] = _("Please choose a group.")
    if group is not None and group.event_id != event.pk:
        errors["group"] = _("This group belongs to another event.")
    if errors:
        raise ValidationError(errors)


def registration_create(
    *,
    event_id: int,
    name: str,
    email: str = "",
    phone: str = "",
    language: str = "de",
    party_size: int = 1,
    consent: bool,
    group_id: int | None = None,
) -> RegistrationResult:
    """Register a person or family: a seat when the whole party fits, else the waitlist.

    The same e-mail (or phone without e-mail) again returns the existing active
    registration with ``created=False`` (a double click submits once).
    Raises ValidationError with reasons for bad input, Event.DoesNotExist for no event.
    """
    email = email.strip().lower()
    phone = phone.strip()
    _validate_contact(email=email, language=language)
    try:
        with transaction.atomic():
            return _registration_create_locked(
                event_id=event_id,
                name=name.strip(),
                email=email,
                phone=phone,
                language=language,
                party_size=party_size,
                consent=consent,
                group_id=group_id,
            )
    except IntegrityError:
        # A concurrent request of the same person won the race (the constraint's guard).
        found = _existing(Event(pk=event_id), email, phone)
        if found is None:
            raise
        return RegistrationResult(found, created=False)


def _registration_create_locked(
    *,
    event_id: int,
    name: str,
    email: str,
    phone: str,
    language: str,
    party_size: int,
    consent: bool,
    group_id: int | None,
) -> RegistrationResult:
    event = Event.objects.select_for_update().get(pk=event_id)
    existing = _existing(event, email, phone)
    if existing is not None:
        return RegistrationResult(existing, created=False)
    group = EventGroup.objects.filter(pk=group_id).first() if group_id else None
    if group_id and group is None:
        raise ValidationError({"group": _("This group does not exist.")})
    now = timezone.now()
    _validate_registration(
        event,
        group,
        name=name,
        email=email,
        phone=phone,
        party_size=party_size,
        consent=consent,
        now=now,
    )
    registration = Registration(
        organisation_id=event.organisation_id,
        event=event,
        group=group,
        name=name,
        email=email,
        phone=phone,
        language=language,
        party_size=party_size,
        consent_given_at=now,
        consent_text_version=CONSENT_TEXT_VERSION,
    )
    if _fits(event, group, party_size):
        registration.status = Registration.Status.CONFIRMED
    else:
        registration.status = Registration.Status.WAITLISTED
        last = Registration.objects.filter(event=event).aggregate(n=Max("waitlist_number"))["n"]
        registration.waitlist_number = (last or 0) + 1
    registration.full_clean(validate_unique=False, validate_constraints=False)
    registration.save()
    audit(actor=None, action="create", obj=registration, detail=registration.status)
    if email:
        _on_commit_mail("confirmation", registration.pk)
    return RegistrationResult(registration, created=True)


def _promote_waiting(event: Event, now: dt.datetime) -> list[Registration]:
    """Give freed seats to the first waiting parties that fit, in waitlist order."""
    promoted: list[Registration] = []
    free = event.capacity - seats_taken(event.pk)
    if free <= 0:
        return promoted
    waiting = (
        Registration.objects.filter(event=event, status=Registration.Status.WAITLISTED)
        .select_related("group")
        .order_by("waitlist_number", "id")
    )
    for candidate in waiting:
        if free <= 0:
            break
        if candidate.party_size > free:
            continue  # a family waits together; a smaller party behind it may fit
        if candidate.group and (
            seats_taken(event.pk, group_id=candidate.group_id) + candidate.party_size
            > candidate.group.capacity
        ):
            continue
        candidate.status = Registration.Status.CONFIRMED
        candidate.promoted_at = now
        candidate.save(update_fields=["status", "promoted_at", "updated_at"])
        audit(actor=None, action="update", obj=candidate, detail="promoted from the waitlist")
        free -= candidate.party_size
        promoted.append(candidate)
    return promoted


def registration_cancel(
    *, token: str, user: User | None = None
) -> tuple[Registration, list[Registration]]:
    """Cancel by the personal token (idempotent); returns it and whoever moved up."""
    with transaction.atomic():
        event_id = (
            Registration.objects.filter(token=token).values_list("event_id", flat=True).first()
        )
        if event_id is None:
            raise Registration.DoesNotExist
        event = Event.objects.select_for_update().get(pk=event_id)
        registration = Registration.objects.get(token=token)
        if user is not None:
            require_edit_access(user, registration.organisation_id)
        if registration.status == Registration.Status.CANCELLED:
            return registration, []
        now = timezone.now()
        registration.status = Registration.Status.CANCELLED
        registration.cancelled_at = now
        registration.save(update_fields=["status", "cancelled_at", "updated_at"])
        audit(actor=user, action="update", obj=registration, detail="cancelled")
        if event.status == Event.Status.CANCELLED:
            return registration, []  # nobody moves up into a cancelled event
        promoted = _promote_waiting(event, now)
        for moved in promoted:
            if moved.email:
                _on_commit_mail("promotion", moved.pk)
        return registration, promoted


def registration_check_in(*, user: User, registration: Registration) -> tuple[Registration, bool]:
    """Mark as arrived; a second scan (flaky connection, double tap) changes nothing."""
    require_edit_access(user, registration.organisation_id)
    with transaction.atomic():
        updated = Registration.objects.filter(
            pk=registration.pk, checked_in_at__isnull=True
        ).update(checked_in_at=timezone.now(), updated_at=timezone.now())
        registration.refresh_from_db()
        if updated:
            audit(actor=user, action="update", obj=registration, detail="checked in")
    return registration, bool(updated)


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
        _release_registrations(event, user=user)
    else:
        promote_after_more_seats(event)
    return event


def promote_after_more_seats(event: Event) -> list[Registration]:
    """More seats (event or group): the first waiting parties that fit move up and are told.

    Call inside the transaction that holds the event's row lock.
    """
    if event.status == Event.Status.CANCELLED or event.ends_at < timezone.now():
        return []  # nobody moves up into a cancelled event or one that is over
    promoted = _promote_waiting(event, timezone.now())
    for moved in promoted:
        if moved.email:
            _on_commit_mail("promotion", moved.pk)
    return promoted


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
                _cancel_speed_dating(locked, user=user)
        released = _release_registrations(locked, user=user)
    event.status = locked.status
    return released


def _cancel_speed_dating(event: Event, *, user: User) -> None:
    """No interviews take place: the rooms go, every young person and company is told."""
    from kausa.events.models import SpeedDatingApplicant, SpeedDatingCompany, SpeedDatingInterview

    removed, _by_model = SpeedDatingInterview.objects.filter(event=event).delete()
    audit(actor=user, action="delete", obj=event, detail=f"{removed} interviews cancelled")
    rows: list[tuple[str, int]] = [
        ("applicant", pk)
        for pk in SpeedDatingApplicant.objects.filter(event=event)
        .exclude(email="")
        .values_list("pk", flat=True)
    ] + [
        ("company", pk)
        for pk in SpeedDatingCompany.objects.filter(event=event)
        .exclude(email="")
        .values_list("pk", flat=True)
    ]
    from kausa.events import tasks

    for kind, pk in rows:
        transaction.on_commit(
            partial(tasks.send_speed_schedule_mail.enqueue, kind, pk, cancelled=True)
        )


def _release_registrations(event: Event, *, user: User) -> list[Registration]:
    """Cancel every active registration of a cancelled event and mail each person."""
    now = timezone.now()
    active = list(
        Registration.objects.select_for_update()
        .filter(event=event)
        .exclude(status=Registration.Status.CANCELLED)
        .order_by("created_at", "id")
    )
    for registration in active:
        registration.status = Registration.Status.CANCELLED
        registration.cancelled_at = now
        registration.save(update_fields=["status", "cancelled_at", "updated_at"])
        audit(actor=user, action="update", obj=registration, detail="cancelled with the event")
        if registration.email:
            _on_commit_mail("event_cancelled", registration.pk)
    return active


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
    from kausa.events.models import new_invite_key

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
    from kausa.events.models import Station

    for station in Station.objects.filter(event_id=source_pk):
        station.pk = None
        station.event = copy
        station.starts_at += shift
        station.ends_at += shift
        station.save()
    return copy


def reminders_due(*, now: dt.datetime | None = None) -> list[int]:
    """Ids of confirmed registrations with e-mail for events starting tomorrow (local date)."""
    now = now or timezone.now()
    tomorrow = timezone.localdate(now) + dt.timedelta(days=1)
    tz = timezone.get_current_timezone()
    start = dt.datetime.combine(tomorrow, dt.time.min, tzinfo=tz)
    end = start + dt.timedelta(days=1)
    return list(
        Registration.objects.filter(
            status=Registration.Status.CONFIRMED,
            reminder_sent_at__isnull=True,
            event__status=Event.Status.PUBLISHED,
            event__starts_at__gte=start,
            event__starts_at__lt=end,
        )
        .exclude(email="")
        .values_list("pk", flat=True)
    )


def reminders_enqueue(*, now: dt.datetime | None = None) -> int:
    from kausa.events import tasks

    ids = reminders_due(now=now)
    for registration_id in ids:
        tasks.send_reminder_mail.enqueue(registration_id)
    return len(ids)


def registration_link_person(
    *, user: User, registration: Registration, person: YoungPerson | None
) -> Registration:
    """Link a registration to one of the office's young people (or unlink it with None):
    the event then shows in the person's timeline and export."""
    require_edit_access(user, registration.organisation_id)
    if person is not None and (
        person.organisation_id != registration.organisation_id or person.is_anonymised
    ):
        raise ValidationError(_("Choose a young person of the event's office."))
    registration.young_person = person
    registration.save(update_fields=["young_person", "updated_at"])
    audit(
        actor=user,
        action="update",
        obj=registration,
        detail=f"linked to person {person.pk}" if person else "unlinked from person",
    )
    return registration
