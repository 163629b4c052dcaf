"""Writes of young people, parents and consents."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, TypedDict, Unpack

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kausa.accounts.tenancy import require_edit_access
from kausa.core.audit import audit
from kausa.core.text import search_key
from kausa.people.models import Consent, YoungPerson
from kausa.reference.models import Language, Occupation

if TYPE_CHECKING:
    from kausa.accounts.models import Organisation, User


def _young_person_search_text(person: YoungPerson) -> str:
    return search_key(f"{person.first_name} {person.last_name} {person.postal_code_id or ''}")


@transaction.atomic
def young_person_create(
    *,
    user: User | None,
    organisation: Organisation,
    first_name: str,
    last_name: str,
    birth_date: dt.date | None = None,
    email: str = "",
    phone: str = "",
    postal_code_id: str | None = None,
    german_level: str = "none",
    certificate: str = "none",
    year_of_arrival: int | None = None,
    country_of_origin: str = "",
    gender: str = "",
    nationality: str = "",
    residence_status: str = "",
    language_codes: Iterable[str] = (),
    occupation_ids: Iterable[int] = (),
) -> YoungPerson:
    require_edit_access(user, organisation.pk)
    person = YoungPerson(
        organisation=organisation,
        first_name=first_name.strip(),
        last_name=last_name.strip(),
        birth_date=birth_date,
        email=email,
        phone=phone,
        postal_code_id=postal_code_id,
        german_level=german_level,
        certificate=certificate,
        year_of_arrival=year_of_arrival,
        country_of_origin=country_of_origin,
        gender=gender,
        nationality=nationality,
        residence_status=residence_status,
    )
    person.search_text = _young_person_search_text(person)
    person.full_clean(exclude=["languages", "occupations_of_interest"])
    person.save()
    # Language's key is its ISO code; the stubs only know integer keys.
    person.languages.set(list(language_codes))  # type: ignore[arg-type]
    person.occupations_of_interest.set(list(occupation_ids))
    return person


class YoungPersonChanges(TypedDict, total=False):
    """What an advisor may change on a person (everything of the new-person form but the
    office and the consent); a field left out stays as it is."""

    first_name: str
    last_name: str
    birth_date: dt.date | None
    email: str
    phone: str
    postal_code_id: str | None
    german_level: str
    certificate: str
    year_of_arrival: int | None
    country_of_origin: str
    gender: str
    nationality: str
    residence_status: str
    language_codes: Iterable[str]
    occupation_ids: Iterable[int]


def _checked_ids(
    model: type[Language] | type[Occupation], ids: Iterable[Any], field: str
) -> set[Any]:
    wanted = set(ids)
    if model._default_manager.filter(pk__in=wanted).count() != len(wanted):
        raise ValidationError({field: _("Please choose from the list.")})
    return wanted


@transaction.atomic
def young_person_update(
    *, user: User | None, person: YoungPerson, **changes: Unpack[YoungPersonChanges]
) -> YoungPerson:
    """Change what an advisor entered about a person; returns the person as saved.

    The audit entry names the changed fields, never their values. Nothing is written when
    nothing changed. The cases' copies of the name are the counselling app's to refresh."""
    require_edit_access(user, person.organisation_id)
    locked = YoungPerson.objects.select_for_update().get(pk=person.pk)
    if locked.is_anonymised:
        raise ValidationError(_("The data of this person were erased."))
    languages = changes.pop("language_codes", None)
    occupations = changes.pop("occupation_ids", None)
    changed = []
    for name, value in changes.items():
        if name not in YoungPersonChanges.__annotations__:
            raise TypeError(f"young_person_update() cannot change {name!r}")
        if isinstance(value, str) and name in ("first_name", "last_name"):
            value = value.strip()
        if getattr(locked, name) != value:
            setattr(locked, name, value)
            changed.append(name.removesuffix("_id"))
    locked.search_text = _young_person_search_text(locked)
    locked.full_clean(exclude=["languages", "occupations_of_interest"])
    if languages is not None:
        codes = _checked_ids(Language, languages, "languages")
        if codes != set(locked.languages.values_list("code", flat=True)):
            locked.languages.set(list(codes))  # ISO codes: Language is keyed by its code
            changed.append("languages")
    if occupations is not None:
        ids = _checked_ids(Occupation, occupations, "occupations_of_interest")
        if ids != set(locked.occupations_of_interest.values_list("id", flat=True)):
            locked.occupations_of_interest.set(list(ids))
            changed.append("occupations_of_interest")
    if not changed:
        return locked
    locked.save()
    audit(actor=user, action="update", obj=locked, detail="changed: " + ", ".join(changed))
    return locked


def young_person_refresh_search_text(person: YoungPerson) -> None:
    person.search_text = _young_person_search_text(person)


@transaction.atomic
def consent_record(
    *,
    user: User | None,
    young_person: YoungPerson,
    purpose: str,
    recipient: Organisation | None = None,
    text_version: str = "1",
    language: str = "de",
    given_at: dt.datetime | None = None,
) -> Consent:
    require_edit_access(user, young_person.organisation_id)
    consent = Consent.objects.create(
        organisation=young_person.organisation,
        young_person=young_person,
        purpose=purpose,
        recipient=recipient,
        text_version=text_version,
        language=language,
        given_at=given_at or timezone.now(),
    )
    audit(
        actor=user,
        action="create",
        obj=consent,
        detail=f"consent {purpose} (text {text_version}, {language})",
    )
    return consent


@transaction.atomic
def consent_withdraw(*, user: User | None, consent: Consent) -> Consent:
    require_edit_access(user, consent.organisation_id)
    if consent.withdrawn_at is None:
        consent.withdrawn_at = timezone.now()
        consent.save(update_fields=["withdrawn_at", "updated_at"])
        audit(
            actor=user, action="update", obj=consent, detail=f"consent {consent.purpose} withdrawn"
        )
    return consent


@transaction.atomic
def young_person_raise_german_level(*, user: User | None, person: YoungPerson, level: str) -> bool:
    """Raise the recorded German level (e.g. after a passed exam); never lowers it."""
    from kausa.core.audit import audit
    from kausa.reference.choices import GermanLevel

    require_edit_access(user, person.organisation_id)
    if GermanLevel.rank(level) <= GermanLevel.rank(person.german_level):
        return False
    person.german_level = level
    person.save(update_fields=["german_level", "updated_at"])
    audit(actor=user, action="update", obj=person, detail=f"german_level={level}")
    return True


@transaction.atomic
def young_person_create_with_consent(
    *, user: User, consent_language: str = "de", **fields: Any
) -> YoungPerson:
    """A new person as entered by an advisor: the counselling consent comes with it."""
    person = young_person_create(user=user, **fields)
    consent_record(
        user=user,
        young_person=person,
        purpose=Consent.Purpose.COUNSELLING,
        language=consent_language,
    )
    audit(actor=user, action="create", obj=person)
    return person
