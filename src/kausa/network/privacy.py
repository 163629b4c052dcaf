"""Award nominations and ambassador visit requests (see kausa.privacy.registry).

Neither is linked to a person record; a row is the person's when it was sent with their
e-mail address to their office."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from kausa.network.models import Nomination, VisitRequest
from kausa.privacy.registry import ANONYMOUS, Blank, PersonalData, register

if TYPE_CHECKING:
    from kausa.accounts.models import Organisation
    from kausa.people.models import YoungPerson

NOMINATION_BLANKED = {"nominator_name": ANONYMOUS, "nominator_email": ""}
VISIT_BLANKED = {"contact_name": ANONYMOUS, "contact_email": "", "contact_phone": "", "message": ""}


def _nominations(person: YoungPerson) -> Any:
    if not person.email:
        return Nomination.objects.none()
    return Nomination.objects.filter(
        nominator_email__iexact=person.email, organisation_id=person.organisation_id
    )


def _visits(person: YoungPerson) -> Any:
    if not person.email:
        return VisitRequest.objects.none()
    return VisitRequest.objects.filter(
        contact_email__iexact=person.email, organisation_id=person.organisation_id
    )


def export_nominations(person: YoungPerson) -> list[dict[str, Any]]:
    return [
        {"company": n.company_name, "reason": n.reason, "status": n.status}
        for n in _nominations(person)
    ]


def export_visits(person: YoungPerson) -> list[dict[str, Any]]:
    return [
        {"school": v.school, "dates": v.date_options, "message": v.message} for v in _visits(person)
    ]


def erase(person: YoungPerson) -> None:
    _nominations(person).update(**NOMINATION_BLANKED)
    _visits(person).update(**VISIT_BLANKED)


def retention(org: Organisation, cutoff: dt.datetime) -> Iterator[Blank]:
    yield Blank(
        "award nominations",
        Nomination.objects.filter(
            organisation=org, edition__nomination_closes__lt=cutoff.date()
        ).exclude(nominator_name=ANONYMOUS),
        NOMINATION_BLANKED,
    )
    yield Blank(
        "visit requests",
        VisitRequest.objects.filter(organisation=org, created_at__lt=cutoff).exclude(
            contact_name=ANONYMOUS
        ),
        VISIT_BLANKED,
    )


register(
    PersonalData(
        app="kausa.network",
        models=(Nomination, VisitRequest),
        export={"award_nominations": export_nominations, "visit_requests": export_visits},
        erase=erase,
        retention=retention,
    )
)
