"""Writes of registrations: sign-up with the waitlist, cancelling, moving up, reminders.

Seats are never overbooked: every change of who holds a seat happens inside one
transaction that first locks the event row (``select_for_update``; SQLite runs
writers one at a time with ``transaction_mode=IMMEDIATE``). The partial unique
constraint on (event, e-mail) is the second guard against double registration.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
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
from kausa.events.models import Event, EventGroup, Registration

if TYPE_CHECKING:
    from kausa.accounts.models import User
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


def registrations_release(event: Event, *, user: User) -> list[Registration]:
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
