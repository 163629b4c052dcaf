"""Event registrations and speed-dating sign-ups (see kausa.privacy.registry)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from kausa.events.models import (
    Registration,
    SpeedDatingApplicant,
    SpeedDatingInterview,
    SpeedDatingWish,
)
from kausa.privacy.registry import ANONYMOUS, Blank, PersonalData, register

if TYPE_CHECKING:
    from kausa.accounts.models import Organisation
    from kausa.people.models import YoungPerson


def export_registrations(person: YoungPerson) -> list[dict[str, Any]]:
    return [
        {
            "event": r.event.title,
            "starts": r.event.starts_at.isoformat(),
            "status": r.status,
            "checked_in": r.checked_in_at is not None,
        }
        for r in Registration.objects.filter(young_person=person).select_related("event")
    ]


def export_speed_dating(person: YoungPerson) -> list[dict[str, Any]]:
    rows = []
    applicants = SpeedDatingApplicant.objects.filter(young_person=person).select_related("event")
    for applicant in applicants:
        wishes = SpeedDatingWish.objects.filter(applicant=applicant).select_related("company")
        interviews = SpeedDatingInterview.objects.filter(applicant=applicant).select_related(
            "company", "slot"
        )
        rows.append(
            {
                "event": applicant.event.title,
                "german_level": applicant.german_level,
                "occupation_interests": applicant.occupation_interests,
                "wishes": [w.company.name for w in wishes.order_by("rank")],
                "interviews": [
                    {"company": i.company.name, "starts": i.slot.starts_at.isoformat()}
                    for i in interviews.order_by("slot__starts_at")
                ],
            }
        )
    return rows


def erase(person: YoungPerson) -> None:
    Registration.objects.filter(young_person=person).update(
        name=ANONYMOUS, email="", phone="", is_anonymised=True
    )
    SpeedDatingApplicant.objects.filter(young_person=person).update(
        name=ANONYMOUS, email="", occupation_interests=""
    )


def retention(org: Organisation, cutoff: dt.datetime) -> Iterator[Blank]:
    """Contact data of people who came to an event that is over longer than the period."""
    yield Blank(
        "event registrations",
        Registration.objects.filter(
            organisation=org, event__ends_at__lt=cutoff, is_anonymised=False
        ),
        {"name": ANONYMOUS, "email": "", "phone": "", "is_anonymised": True},
    )
    yield Blank(
        "speed-dating sign-ups",
        SpeedDatingApplicant.objects.filter(organisation=org, event__ends_at__lt=cutoff).exclude(
            name=ANONYMOUS, email="", occupation_interests=""
        ),
        {"name": ANONYMOUS, "email": "", "occupation_interests": ""},
    )


register(
    PersonalData(
        app="kausa.events",
        models=(Registration, SpeedDatingApplicant),
        export={"event_registrations": export_registrations, "speed_dating": export_speed_dating},
        erase=erase,
        retention=retention,
    )
)
