"""Reads of a speed dating: set-up rows, the stored schedule, personal schedules.

Staff reads take an event that came from ``selectors.staff_event_get`` (already scoped to
the user's offices) and look their rows up through it, so a row of another event is a 404.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404

from kausa.events.models import (
    Event,
    SpeedDatingApplicant,
    SpeedDatingCompany,
    SpeedDatingInterview,
    SpeedDatingRun,
    SpeedDatingSlot,
    SpeedDatingWish,
)

# --- set-up page -----------------------------------------------------------------


def setup_speed_slots(event: Event) -> QuerySet[SpeedDatingSlot]:
    return SpeedDatingSlot.objects.filter(event=event).annotate(interview_count=Count("interviews"))


def setup_speed_companies(event: Event) -> QuerySet[SpeedDatingCompany]:
    wishes = (
        SpeedDatingWish.objects.filter(company=OuterRef("pk"))
        .values("company")
        .annotate(n=Count("pk"))
        .values("n")[:1]
    )
    return (
        SpeedDatingCompany.objects.filter(event=event)
        .select_related("company")
        .prefetch_related("unavailable_slots")
        .annotate(
            interview_count=Count("interviews", distinct=True),
            wish_count=Coalesce(Subquery(wishes), 0),
        )
        .order_by("name", "id")
    )


def setup_speed_applicants(event: Event) -> QuerySet[SpeedDatingApplicant]:
    return (
        SpeedDatingApplicant.objects.filter(event=event)
        .prefetch_related("unavailable_slots")
        .annotate(interview_count=Count("interviews"))
        .order_by("name", "id")
    )


def event_slots(event: Event) -> QuerySet[SpeedDatingSlot]:
    """The event's interview slots, earliest first (choices of the set-up forms)."""
    return SpeedDatingSlot.objects.filter(event=event)


def event_slot_get(*, event: Event, pk: int) -> SpeedDatingSlot:
    slot = event_slots(event).filter(pk=pk).first()
    if slot is None:
        raise Http404
    return slot


def event_company_get(*, event: Event, pk: int) -> SpeedDatingCompany:
    row = (
        SpeedDatingCompany.objects.filter(event=event, pk=pk)
        .prefetch_related("unavailable_slots")
        .first()
    )
    if row is None:
        raise Http404
    return row


def event_applicant_get(*, event: Event, pk: int) -> SpeedDatingApplicant:
    row = (
        SpeedDatingApplicant.objects.filter(event=event, pk=pk)
        .prefetch_related("unavailable_slots")
        .first()
    )
    if row is None:
        raise Http404
    return row


# --- the schedule ----------------------------------------------------------------


def event_companies(event: Event) -> QuerySet[SpeedDatingCompany]:
    """The event's companies by name (the staff page, the sign-up form's choices)."""
    return SpeedDatingCompany.objects.filter(event=event).order_by("name")


def event_applicants(event: Event) -> QuerySet[SpeedDatingApplicant]:
    return SpeedDatingApplicant.objects.filter(event=event).order_by("name")


def event_interviews(event: Event) -> list[SpeedDatingInterview]:
    """The stored schedule, by slot, company and room."""
    return list(
        SpeedDatingInterview.objects.filter(event=event)
        .select_related("slot", "company", "applicant")
        .order_by("slot__starts_at", "company__name", "room")
    )


def speed_run(event: Event) -> SpeedDatingRun | None:
    """The scheduler's last run for the event (asked for, running or finished)."""
    return SpeedDatingRun.objects.filter(event=event).first()


def cancel_choice(
    *, event: Event, company_pk: int, slot_pk: int
) -> tuple[SpeedDatingCompany | None, SpeedDatingSlot | None]:
    """The company and the slot of "a company cancels a slot", if both are the event's."""
    company = SpeedDatingCompany.objects.filter(event=event, pk=company_pk).first()
    slot = SpeedDatingSlot.objects.filter(event=event, pk=slot_pk).first()
    return company, slot


def schedule_out_of_date(event: Event) -> bool:
    """Planned interviews that no longer fit the set-up (fewer rooms, a person no longer
    available, fewer interviews wanted): the schedule should be computed again."""
    company_off = SpeedDatingCompany.unavailable_slots.through.objects.filter(
        speeddatingcompany_id=OuterRef("company_id"), speeddatingslot_id=OuterRef("slot_id")
    )
    applicant_off = SpeedDatingApplicant.unavailable_slots.through.objects.filter(
        speeddatingapplicant_id=OuterRef("applicant_id"), speeddatingslot_id=OuterRef("slot_id")
    )
    clash = SpeedDatingInterview.objects.filter(event=event).filter(
        Q(room__gt=F("company__tables")) | Exists(company_off) | Exists(applicant_off)
    )
    too_many = (
        SpeedDatingApplicant.objects.filter(event=event)
        .annotate(n=Count("interviews"))
        .filter(n__gt=F("max_interviews"))
    )
    return clash.exists() or too_many.exists()


# --- personal schedules (by token, no account) -------------------------------------


def personal_interviews(
    *, token: str
) -> tuple[SpeedDatingApplicant | SpeedDatingCompany, list[SpeedDatingInterview], str]:
    """The applicant's or the company's schedule by its personal token: (who, interviews, kind)."""
    base = SpeedDatingInterview.objects.select_related(
        "slot", "company", "applicant", "event"
    ).order_by("slot__starts_at", "room")
    applicant = SpeedDatingApplicant.objects.select_related("event").filter(token=token).first()
    if applicant is not None:
        return applicant, list(base.filter(applicant=applicant)), "applicant"
    company = SpeedDatingCompany.objects.select_related("event").filter(token=token).first()
    if company is not None:
        return company, list(base.filter(company=company)), "company"
    raise Http404


def interview_end(interview: SpeedDatingInterview) -> dt.datetime:
    return interview.slot.starts_at + dt.timedelta(minutes=interview.slot.minutes)
