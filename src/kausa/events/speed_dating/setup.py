"""Writes of a speed dating's set-up: interview slots, companies with rooms, unavailability.

The scheduler (``speed_dating.services.speed_dating_schedule``) reads exactly these rows; each
change locks the event row like the scheduler does, so a run never sees half a change.
Changes that would break interviews already planned are refused with the action to
use instead; changes the planner can absorb are saved and the page asks for a new run.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from kausa.accounts.tenancy import require_edit_access
from kausa.core.audit import audit
from kausa.events.models import (
    Event,
    SpeedDatingApplicant,
    SpeedDatingCompany,
    SpeedDatingInterview,
    SpeedDatingSlot,
)
from kausa.events.setup.services import time_window_errors

if TYPE_CHECKING:
    from kausa.accounts.models import User
    from kausa.companies.models import Company

MIN_MINUTES = 5
MAX_MINUTES = 240
MAX_BREAK = 120
MAX_SLOTS = 200
MAX_TABLES = 20
MAX_INTERVIEWS = 20


def _hm(value: dt.datetime) -> str:
    return formats.time_format(timezone.localtime(value), "H:i")


def _lock(event: Event) -> Event:
    return Event.objects.select_for_update().get(pk=event.pk)


def _require_speed_dating(event: Event) -> None:
    if event.type != Event.Type.SPEED_DATING:
        raise ValidationError(_("Only speed-dating events have interview slots."))


# --- slots -----------------------------------------------------------------------


def slot_end(slot: SpeedDatingSlot) -> dt.datetime:
    return slot.starts_at + dt.timedelta(minutes=slot.minutes)


def slot_times(
    starts_at: dt.datetime, ends_at: dt.datetime, *, minutes: int, break_minutes: int = 0
) -> list[dt.datetime]:
    """Starts of back-to-back interviews (with a break after each) that end by ``ends_at``.

    Counted in UTC: on the days the clocks change, 15 minutes are 15 real minutes
    (local arithmetic would repeat or skip the hour that is changed).
    """
    length = dt.timedelta(minutes=minutes)
    step = dt.timedelta(minutes=minutes + break_minutes)
    times: list[dt.datetime] = []
    at = starts_at.astimezone(dt.UTC)
    ends_at = ends_at.astimezone(dt.UTC)
    while at + length <= ends_at and len(times) <= MAX_SLOTS:
        times.append(at)
        at += step
    return times


def _overlapping(
    existing: Iterable[SpeedDatingSlot], times: list[dt.datetime], minutes: int
) -> list[SpeedDatingSlot]:
    length = dt.timedelta(minutes=minutes)
    return [
        slot
        for slot in existing
        if any(at < slot_end(slot) and slot.starts_at < at + length for at in times)
    ]


def _slot_errors(
    event: Event,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    minutes: int,
    break_minutes: int,
) -> dict[str, str]:
    errors: dict[str, str] = {}
    if not MIN_MINUTES <= minutes <= MAX_MINUTES:
        errors["minutes"] = _("An interview takes %(min)s to %(max)s minutes.") % {
            "min": MIN_MINUTES,
            "max": MAX_MINUTES,
        }
    if not 0 <= break_minutes <= MAX_BREAK:
        errors["break_minutes"] = _("A break takes 0 to %(max)s minutes.") % {"max": MAX_BREAK}
    errors = time_window_errors(event, starts_at, ends_at) | errors
    if errors:
        return errors
    times = slot_times(starts_at, ends_at, minutes=minutes, break_minutes=break_minutes)
    if not times:
        errors["ends_at"] = _("The window is shorter than one interview.")
    elif len(times) > MAX_SLOTS:
        errors["ends_at"] = _("At most %(n)s slots at once: choose a shorter window.") % {
            "n": MAX_SLOTS
        }
    return errors


def speed_slots_generate(
    *,
    user: User | None,
    event: Event,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    minutes: int,
    break_minutes: int = 0,
) -> list[SpeedDatingSlot]:
    """Create back-to-back interview slots in a time window; none may overlap existing ones."""
    require_edit_access(user, event.organisation_id)
    _require_speed_dating(event)
    with transaction.atomic():
        event = _lock(event)
        errors = _slot_errors(event, starts_at, ends_at, minutes, break_minutes)
        if errors:
            raise ValidationError(errors)
        times = slot_times(starts_at, ends_at, minutes=minutes, break_minutes=break_minutes)
        clash = _overlapping(SpeedDatingSlot.objects.filter(event=event), times, minutes)
        if clash:
            raise ValidationError(
                {
                    NON_FIELD_ERRORS: _(
                        "The new slots would overlap existing slots (%(times)s). Choose another "
                        "window, or delete those slots first."
                    )
                    % {"times": ", ".join(_hm(s.starts_at) for s in clash)}
                }
            )
        slots = SpeedDatingSlot.objects.bulk_create(
            [SpeedDatingSlot(event=event, starts_at=at, minutes=minutes) for at in times]
        )
        audit(
            actor=user,
            action="create",
            organisation_id=event.organisation_id,
            object_type="events.speeddatingslot",
            object_id=f"event={event.pk}",
            detail=f"{len(slots)} slots",
        )
    return slots


def speed_slot_delete(*, user: User | None, slot: SpeedDatingSlot) -> None:
    """Delete a slot without interviews (a slot with interviews is cancelled per company)."""
    event = slot.event
    require_edit_access(user, event.organisation_id)
    with transaction.atomic():
        _lock(event)
        if SpeedDatingInterview.objects.filter(slot=slot).exists():
            raise ValidationError(
                _(
                    "Interviews are planned at %(time)s. Use “A company cancels a slot” on the "
                    "schedule page instead: it re-plans the people affected."
                )
                % {"time": _hm(slot.starts_at)}
            )
        audit(
            actor=user,
            action="delete",
            organisation_id=event.organisation_id,
            object_type="events.speeddatingslot",
            object_id=str(slot.pk),
            detail=f"event={event.pk}",
        )
        slot.delete()


# --- companies -------------------------------------------------------------------


def _company_errors(
    event: Event,
    row: SpeedDatingCompany | None,
    *,
    company: Company | None,
    name: str,
    tables: int,
) -> dict[str, str]:
    errors: dict[str, str] = {}
    others = SpeedDatingCompany.objects.filter(event=event)
    if row is not None:
        others = others.exclude(pk=row.pk)
    if company is not None:
        if company.organisation_id != event.organisation_id:
            errors["company"] = _("Choose one of your office's companies.")
        elif others.filter(company=company).exists():
            errors["company"] = _("This company already takes part.")
    if not name:
        errors["name"] = _("Choose a company or type its name.")
    elif others.filter(name__iexact=name).exists():
        errors["name"] = _("A company with this name already takes part.")
    if not 1 <= tables <= MAX_TABLES:
        errors["tables"] = _("A company has 1 to %(n)s parallel rooms.") % {"n": MAX_TABLES}
    return errors


def speed_company_add(
    *,
    user: User | None,
    event: Event,
    company: Company | None = None,
    name: str = "",
    email: str = "",
    tables: int = 1,
) -> SpeedDatingCompany:
    """A company takes part: one of the office's companies (name and e-mail taken from it
    unless given) or just a name and an e-mail."""
    require_edit_access(user, event.organisation_id)
    _require_speed_dating(event)
    name = name.strip() or (company.name if company else "")
    email = (email.strip() or (company.contact_email if company else "")).lower()
    with transaction.atomic():
        event = _lock(event)
        errors = _company_errors(event, None, company=company, name=name, tables=tables)
        if errors:
            raise ValidationError(errors)
        row = SpeedDatingCompany(
            organisation_id=event.organisation_id,
            event=event,
            company=company,
            name=name,
            email=email,
            tables=tables,
        )
        row.full_clean(exclude=["unavailable_slots"])
        row.save()
        audit(actor=user, action="create", obj=row, detail=f"event={event.pk}")
    return row


def _busy_slots(row: SpeedDatingCompany, slots: list[SpeedDatingSlot]) -> list[SpeedDatingSlot]:
    """Of ``slots``, those where the company has planned interviews."""
    return list(
        SpeedDatingSlot.objects.filter(
            pk__in=[s.pk for s in slots], interviews__company=row
        ).distinct()
    )


def _event_slots(event: Event, slots: Iterable[SpeedDatingSlot]) -> list[SpeedDatingSlot]:
    chosen = list(slots)
    if any(s.event_id != event.pk for s in chosen):
        raise ValidationError({"unavailable_slots": _("Choose slots of this event.")})
    return chosen


def speed_company_update(
    *,
    user: User | None,
    row: SpeedDatingCompany,
    name: str,
    email: str,
    tables: int,
    unavailable_slots: Iterable[SpeedDatingSlot],
) -> SpeedDatingCompany:
    """Change name, e-mail, rooms and the slots the company cannot take (e.g. its breaks).

    A slot with interviews of this company is refused: "A company cancels a slot" frees it
    and re-plans the people affected.
    """
    require_edit_access(user, row.organisation_id)
    name, email = name.strip(), email.strip().lower()
    with transaction.atomic():
        event = _lock(row.event)
        slots = _event_slots(event, unavailable_slots)
        errors = _company_errors(event, row, company=row.company, name=name, tables=tables)
        errors.pop("company", None)
        busy = _busy_slots(row, slots)
        if busy:
            errors["unavailable_slots"] = _(
                "Interviews of this company are planned at %(times)s. Use “A company cancels a "
                "slot” on the schedule page to free those slots."
            ) % {"times": ", ".join(_hm(s.starts_at) for s in busy)}
        if errors:
            raise ValidationError(errors)
        row.name, row.email, row.tables = name, email, tables
        row.full_clean(exclude=["unavailable_slots"])
        row.save()
        row.unavailable_slots.set(slots)
        audit(actor=user, action="update", obj=row, detail=f"event={event.pk}")
    return row


def speed_company_remove(*, user: User | None, row: SpeedDatingCompany) -> None:
    """Remove a company without interviews; the young people's wishes for it go with it."""
    require_edit_access(user, row.organisation_id)
    with transaction.atomic():
        event = _lock(row.event)
        count = SpeedDatingInterview.objects.filter(company=row).count()
        if count:
            raise ValidationError(
                _(
                    "%(name)s has %(n)s planned interviews. Cancel its slots first (“A company "
                    "cancels a slot”), then remove it."
                )
                % {"name": row.name, "n": count}
            )
        audit(actor=user, action="delete", obj=row, detail=f"event={event.pk}")
        row.delete()


# --- applicants ------------------------------------------------------------------


def speed_applicant_update(
    *,
    user: User | None,
    applicant: SpeedDatingApplicant,
    max_interviews: int,
    unavailable_slots: Iterable[SpeedDatingSlot],
) -> SpeedDatingApplicant:
    """How many interviews a young person takes and when they cannot (late, leaving early)."""
    require_edit_access(user, applicant.organisation_id)
    with transaction.atomic():
        event = _lock(applicant.event)
        slots = _event_slots(event, unavailable_slots)
        if not 1 <= max_interviews <= MAX_INTERVIEWS:
            raise ValidationError(
                {
                    "max_interviews": _("Choose 1 to %(n)s interviews.") % {"n": MAX_INTERVIEWS},
                }
            )
        applicant.max_interviews = max_interviews
        applicant.save(update_fields=["max_interviews", "updated_at"])
        applicant.unavailable_slots.set(slots)
        audit(actor=user, action="update", obj=applicant, detail="speed-dating availability")
    return applicant
