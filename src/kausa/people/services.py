"""Writes of young people, parents and consents."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypedDict, Unpack

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from kausa.accounts.tenancy import require_edit_access
from kausa.core.audit import audit
from kausa.core.text import search_key
from kausa.people.duplicates import THRESHOLD as DUPLICATE_THRESHOLD
from kausa.people.duplicates import Match, find_duplicates, match_keys
from kausa.people.models import Consent, DuplicateCandidate, Parent, YoungPerson
from kausa.people.selectors import person_records_of_office
from kausa.privacy.registry import ANONYMOUS
from kausa.reference.choices import GermanLevel
from kausa.reference.models import Language, Occupation

if TYPE_CHECKING:
    from kausa.accounts.models import Organisation, User


def _young_person_search_text(person: YoungPerson) -> str:
    return search_key(f"{person.first_name} {person.last_name} {person.postal_code_id or ''}")


def _young_person_match_keys(person: YoungPerson) -> None:
    """The keys a new record finds this one by (kausa.people.duplicates)."""
    keys = match_keys(person.first_name, person.last_name, person.phone, person.email)
    person.match_name, person.match_phone, person.match_email = keys.name, keys.phone, keys.email


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
    _young_person_match_keys(person)
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
    _young_person_match_keys(locked)
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
    """The derived texts of a person about to be saved in bulk (search text, match keys)."""
    person.search_text = _young_person_search_text(person)
    _young_person_match_keys(person)


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


# --- duplicates: the nightly check's findings, dismissing and merging ----------------------


def match_keys_refresh(*, organisation_id: int) -> int:
    """Bring the stored match keys of an office's people up to date (people saved in bulk,
    or keys of an older finder); returns how many rows changed."""
    stale = []
    people = YoungPerson.objects.filter(organisation_id=organisation_id, is_anonymised=False).only(
        "first_name", "last_name", "phone", "email", "match_name", "match_phone", "match_email"
    )
    for person in people.iterator(chunk_size=2000):
        before = (person.match_name, person.match_phone, person.match_email)
        _young_person_match_keys(person)
        if (person.match_name, person.match_phone, person.match_email) != before:
            stale.append(person)
    YoungPerson.objects.bulk_update(
        stale, ["match_name", "match_phone", "match_email"], batch_size=1000
    )
    return len(stale)


@dataclass(frozen=True)
class CandidatesStored:
    new: int
    updated: int
    gone: int


@transaction.atomic
def duplicate_candidates_store(
    *, organisation_id: int, matches: Iterable[Match], threshold: float
) -> CandidatesStored:
    """Keep an office's open candidates in step with what the finder found now: new pairs
    open, known open pairs get today's score, open pairs no longer found go. Pairs an
    advisor dismissed or merged stay as they were decided."""
    found = {(min(m.a, m.b), max(m.a, m.b)): m for m in matches if m.score >= threshold}
    known = {
        (c.person_a_id, c.person_b_id): c
        for c in DuplicateCandidate.objects.select_for_update().filter(
            organisation_id=organisation_id
        )
    }
    new = [
        DuplicateCandidate(
            organisation_id=organisation_id,
            person_a_id=a,
            person_b_id=b,
            score=match.score,
            reasons=list(match.reasons),
        )
        for (a, b), match in found.items()
        if (a, b) not in known
    ]
    DuplicateCandidate.objects.bulk_create(new)
    updated = []
    for pair, candidate in known.items():
        match = found.get(pair)
        if candidate.status != DuplicateCandidate.Status.OPEN or match is None:
            continue
        if (candidate.score, candidate.reasons) != (match.score, list(match.reasons)):
            candidate.score, candidate.reasons = match.score, list(match.reasons)
            updated.append(candidate)
    DuplicateCandidate.objects.bulk_update(updated, ["score", "reasons", "updated_at"])
    gone = [
        c.pk
        for pair, c in known.items()
        if c.status == DuplicateCandidate.Status.OPEN and pair not in found
    ]
    DuplicateCandidate.objects.filter(pk__in=gone).delete()
    if new or gone:
        audit(
            actor=None,
            action="update",
            organisation_id=organisation_id,
            object_type="people.duplicatecandidate",
            detail=f"duplicate check: {len(new)} new, {len(gone)} no longer found",
        )
    return CandidatesStored(len(new), len(updated), len(gone))


@transaction.atomic
def duplicate_dismiss(*, user: User, candidate: DuplicateCandidate) -> DuplicateCandidate:
    """'Not the same person': the pair is not shown again, whatever the nightly check finds."""
    require_edit_access(user, candidate.organisation_id)
    locked = DuplicateCandidate.objects.select_for_update().get(pk=candidate.pk)
    if locked.status != DuplicateCandidate.Status.OPEN:
        raise ValidationError(_("This pair was already decided."))
    locked.status = DuplicateCandidate.Status.DISMISSED
    locked.decided_by, locked.decided_at = user, timezone.now()
    locked.save(update_fields=["status", "decided_by", "decided_at", "updated_at"])
    audit(
        actor=user,
        action="update",
        obj=locked,
        detail=f"not the same person: {locked.person_a_id}, {locked.person_b_id}",
    )
    return locked


# What a merge may take from the record that goes; empty values are filled in from it anyway.
MERGE_FIELDS = (
    "first_name",
    "last_name",
    "birth_date",
    "email",
    "phone",
    "postal_code",
    "german_level",
    "certificate",
    "year_of_arrival",
    "country_of_origin",
    "gender",
    "nationality",
    "residence_status",
)
MERGE_EMPTY: tuple[object, ...] = ("", None, GermanLevel.NONE)


def _attname(name: str) -> str:
    return "postal_code_id" if name == "postal_code" else name


def young_people_lock_for_merge(
    *, user: User | None, kept: YoungPerson, other: YoungPerson
) -> tuple[YoungPerson, YoungPerson]:
    """Both records, locked for the rest of the transaction (in id order, so that two
    merges of the same pair cannot deadlock), after checking that they can be merged."""
    if kept.pk == other.pk:
        raise ValidationError(_("A record cannot be merged with itself."))
    require_edit_access(user, kept.organisation_id)
    require_edit_access(user, other.organisation_id)
    if kept.organisation_id != other.organisation_id:
        # cases and registrations belong to their office: another office's record is
        # handed over, not merged
        raise ValidationError(_("Only records of the same office can be merged."))
    rows = {
        p.pk: p
        for p in YoungPerson.objects.select_for_update()
        .filter(pk__in=[kept.pk, other.pk])
        .order_by("pk")
    }
    if len(rows) != 2 or any(p.is_anonymised for p in rows.values()):
        raise ValidationError(_("One of the records was merged or erased in the meantime."))
    return rows[kept.pk], rows[other.pk]


@transaction.atomic
def young_person_merge(
    *,
    user: User | None,
    kept: YoungPerson,
    other: YoungPerson,
    take: Iterable[str] = (),
) -> YoungPerson:
    """Merge ``other`` into ``kept``: the fields named in ``take`` come from ``other``,
    every field empty on ``kept`` is filled from ``other``, languages and occupations of
    interest are joined, consents and parent links move; ``other`` is emptied and points
    to ``kept``. The other apps' records (cases, registrations) are moved before, by their
    own services (kausa.workspace.services.person_merge). Both records are audited."""
    kept, other = young_people_lock_for_merge(user=user, kept=kept, other=other)
    taken = set(take)
    if taken - set(MERGE_FIELDS):
        raise ValidationError(_("Unknown field: %(f)s") % {"f": ", ".join(sorted(taken))})
    changed = []
    for name in MERGE_FIELDS:
        attname = _attname(name)
        mine, theirs = getattr(kept, attname), getattr(other, attname)
        if theirs in MERGE_EMPTY or mine == theirs:
            continue
        if name in taken or mine in MERGE_EMPTY:
            setattr(kept, attname, theirs)
            changed.append(name)
    kept.search_text = _young_person_search_text(kept)
    _young_person_match_keys(kept)
    kept.full_clean(exclude=["languages", "occupations_of_interest"])
    kept.save()
    kept.languages.add(*other.languages.all())
    kept.occupations_of_interest.add(*other.occupations_of_interest.all())
    moved_consents = Consent.objects.filter(young_person=other).update(young_person=kept)
    for parent in Parent.objects.filter(children=other):
        parent.children.add(kept)
        parent.children.remove(other)
    _young_person_empty(other, into=kept)
    _duplicates_after_merge(user=user, kept=kept, other=other)
    detail = f"merged person {other.pk} into it ({moved_consents} consents)"
    if changed:
        detail += "; taken: " + ", ".join(dict.fromkeys(changed))
    audit(actor=user, action="update", obj=kept, detail=detail)
    audit(actor=user, action="delete", obj=other, detail=f"merged into person {kept.pk}")
    return kept


def _young_person_empty(person: YoungPerson, *, into: YoungPerson) -> None:
    """The merged record keeps its id (old links lead to the kept one) and nothing else."""
    blank = YoungPerson()  # the fields' defaults
    for name in MERGE_FIELDS:
        setattr(person, _attname(name), getattr(blank, _attname(name)))
    person.first_name = person.last_name = ANONYMOUS
    person.search_text = person.match_name = person.match_phone = person.match_email = ""
    person.is_anonymised = True
    person.merged_into = into
    person.save()
    person.languages.clear()
    person.occupations_of_interest.clear()


def _duplicates_after_merge(*, user: User | None, kept: YoungPerson, other: YoungPerson) -> None:
    """The merged pair is decided; other open pairs with the emptied record go (the next
    check compares the kept record afresh)."""
    low, high = sorted((kept.pk, other.pk))
    DuplicateCandidate.objects.filter(person_a_id=low, person_b_id=high).update(
        status=DuplicateCandidate.Status.MERGED,
        decided_by=user if user is not None and user.is_authenticated else None,
        decided_at=timezone.now(),
    )
    DuplicateCandidate.objects.filter(
        Q(person_a=other) | Q(person_b=other), status=DuplicateCandidate.Status.OPEN
    ).delete()


@dataclass(frozen=True)
class DuplicateCheck:
    organisation_id: int
    people: int
    compared: int
    keys_refreshed: int
    stored: CandidatesStored
    skipped_blocks: int


def duplicates_check(*, organisation_id: int) -> DuplicateCheck:
    """The nightly check of one office: keys up to date, every pair that shares a key
    scored, the probable ones stored for the advisors (`kausa find-duplicates`)."""
    refreshed = match_keys_refresh(organisation_id=organisation_id)
    records = person_records_of_office(organisation_id=organisation_id)
    found = find_duplicates(records, threshold=DUPLICATE_THRESHOLD)
    stored = duplicate_candidates_store(
        organisation_id=organisation_id, matches=found.matches, threshold=DUPLICATE_THRESHOLD
    )
    return DuplicateCheck(
        organisation_id, len(records), found.compared, refreshed, stored, len(found.skipped_blocks)
    )
