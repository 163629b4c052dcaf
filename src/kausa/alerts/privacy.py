"""Offer alerts (see kausa.privacy.registry).

An alert belongs to no office and to no person record: it is a person's when it was saved
with their e-mail address (case ignored). Export lists them with their search; erasure
deletes them with everything sent. The alerts' own retention (unconfirmed after a week,
unused after a year) runs with the digests: services.alerts_expire."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from kausa.alerts import selectors, services
from kausa.alerts.models import Alert
from kausa.privacy.registry import PersonalData, register

if TYPE_CHECKING:
    from kausa.people.models import YoungPerson


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def export_alerts(person: YoungPerson) -> list[dict[str, Any]]:
    if not person.email:
        return []
    return [
        {
            "email": a.email,
            "language": a.language,
            "postal_code": a.postal_code,
            "radius_km": a.radius_km,
            "occupation": a.query,
            "german_level": a.german_level,
            "certificate": a.certificate,
            "frequency": a.frequency,
            "created_at": _iso(a.created_at),
            "confirmed_at": _iso(a.confirmed_at),
            "last_sent_at": _iso(a.last_sent_at),
            "offers_sent": a.sent.count(),
        }
        for a in selectors.alerts_for_email(person.email)
    ]


def erase(person: YoungPerson) -> None:
    if person.email:
        services.alerts_delete_for_email(email=person.email)


register(
    PersonalData(
        app="kausa.alerts",
        models=(Alert,),
        export={"offer_alerts": export_alerts},
        erase=erase,
    )
)
