"""The young person's own data, parents and consents (see kausa.privacy.registry)."""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.utils import timezone

from kausa.people.models import Consent, DuplicateCandidate, Parent, YoungPerson
from kausa.privacy.registry import ANONYMOUS, PersonalData, register


def _date(value: Any) -> str | None:
    return value.isoformat() if value else None


def export_person(person: YoungPerson) -> dict[str, Any]:
    return {
        "first_name": person.first_name,
        "last_name": person.last_name,
        "birth_date": _date(person.birth_date),
        "email": person.email,
        "phone": person.phone,
        "postal_code": person.postal_code_id,
        "german_level": person.german_level,
        "school_certificate": person.certificate,
        "year_of_arrival": person.year_of_arrival,
        "country_of_origin": person.country_of_origin,
        "gender": person.gender,
        "nationality": person.nationality,
        "residence_status": person.residence_status,
        "languages": sorted(person.languages.values_list("code", flat=True)),
        "occupations_of_interest": sorted(
            person.occupations_of_interest.values_list("short_name", flat=True)
        ),
        "created_at": person.created_at.isoformat(),
    }


def export_parents(person: YoungPerson) -> list[dict[str, Any]]:
    return [{"first_name": p.first_name, "last_name": p.last_name} for p in person.parents.all()]


def export_consents(person: YoungPerson) -> list[dict[str, Any]]:
    return [
        {
            "purpose": c.purpose,
            "recipient": str(c.recipient or ""),
            "given_at": c.given_at.isoformat(),
            "text_version": c.text_version,
            "language": c.language,
            "withdrawn_at": _date(c.withdrawn_at),
        }
        for c in person.consents.select_related("recipient")
    ]


def erase(person: YoungPerson) -> None:
    """Anonymise the person's own row; called after every other app matched on it."""
    for parent in Parent.objects.filter(children=person):
        parent.children.remove(person)
        if not parent.children.exists():
            parent.delete()
    # Partners lose the case at once; consents behind a handover stay as bare proof.
    Consent.objects.filter(young_person=person, withdrawn_at__isnull=True).update(
        withdrawn_at=timezone.now()
    )
    Consent.objects.filter(young_person=person).exclude(handovers__isnull=False).delete()
    person.first_name, person.last_name = ANONYMOUS, ANONYMOUS
    person.birth_date = None
    person.email = person.phone = person.country_of_origin = ""
    person.gender = person.nationality = person.residence_status = ""
    person.search_text = person.match_name = person.match_phone = person.match_email = ""
    person.is_anonymised = True
    person.save()
    DuplicateCandidate.objects.filter(Q(person_a=person) | Q(person_b=person)).delete()
    person.occupations_of_interest.clear()
    person.languages.clear()


register(
    PersonalData(
        app="kausa.people",
        models=(YoungPerson, Parent, Consent),
        export={"person": export_person, "parents": export_parents, "consents": export_consents},
        erase=erase,
        erase_last=True,
    )
)
