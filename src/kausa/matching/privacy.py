"""Contact requests sent from the offer pages, and the new offers found for a person each
night (see kausa.privacy.registry).

A request is not linked to a person record; it is the person's when it came from their
e-mail address or phone number to their office. New offers and the stored top offers
belong to the person record."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from django.db.models import Q, QuerySet

from kausa.matching.models import AdvisorRequest, NewOfferMatch, PersonTopOffers
from kausa.privacy.registry import ANONYMOUS, Blank, PersonalData, register

if TYPE_CHECKING:
    from kausa.accounts.models import Organisation
    from kausa.people.models import YoungPerson

# a request must keep one contact field (check constraint): the phone becomes a dash
BLANKED = {"name": ANONYMOUS, "email": "", "phone": ANONYMOUS, "message": "", "postal_code": ""}


def _of(person: YoungPerson) -> QuerySet[AdvisorRequest]:
    match = Q(pk__in=[])
    if person.email:
        match |= Q(email__iexact=person.email)
    if person.phone:
        match |= Q(phone=person.phone)
    return AdvisorRequest.objects.filter(match, organisation_id=person.organisation_id)


def export_requests(person: YoungPerson) -> list[dict[str, Any]]:
    return [
        {
            "sent_at": r.created_at.isoformat(),
            "offer": str(r.offer) if r.offer_id else "",
            "message": r.message,
            "status": r.status,
        }
        for r in _of(person).select_related("offer__occupation", "offer__company")
    ]


def export_new_offers(person: YoungPerson) -> list[dict[str, Any]]:
    return [
        {
            "found_at": m.found_at.isoformat(),
            "offer": str(m.offer),
            "score": m.score,
            "dismissed": m.dismissed_at is not None,
        }
        for m in NewOfferMatch.objects.filter(person=person).select_related(
            "offer__occupation", "offer__company"
        )
    ]


def erase(person: YoungPerson) -> None:
    _of(person).update(**BLANKED)


def erase_new_offers(person: YoungPerson) -> None:
    NewOfferMatch.objects.filter(person=person).delete()
    PersonTopOffers.objects.filter(person=person).delete()


def retention(org: Organisation, cutoff: dt.datetime) -> Iterator[Blank]:
    yield Blank(
        "contact requests",
        AdvisorRequest.objects.filter(organisation=org, created_at__lt=cutoff).exclude(
            name=ANONYMOUS
        ),
        BLANKED,
    )


register(
    PersonalData(
        app="kausa.matching",
        models=(AdvisorRequest,),
        export={"contact_requests": export_requests},
        erase=erase,
        retention=retention,
    )
)
register(
    PersonalData(
        app="kausa.matching.new_matches",
        models=(NewOfferMatch,),
        export={"new_offers": export_new_offers},
        erase=erase_new_offers,
    )
)
