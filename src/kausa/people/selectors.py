"""Reads of young people and parents, always scoped to the acting user."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.db.models import Count, Q, QuerySet
from django.http import Http404

from kausa.accounts.selectors import offices_acting_for
from kausa.accounts.tenancy import scope_figures, scope_personal_data
from kausa.core.text import search_key
from kausa.people.duplicates import Match, PersonRecord, candidates_for, match_keys
from kausa.people.models import Consent, DuplicateCandidate, Parent, YoungPerson

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from kausa.accounts.models import Organisation, User


def young_person_list(
    *, user: User | AnonymousUser, query: str = "", organisation_id: int | None = None
) -> QuerySet[YoungPerson]:
    qs = scope_personal_data(YoungPerson.objects.filter(is_anonymised=False), user)
    if organisation_id is not None:
        qs = qs.filter(organisation_id=organisation_id)
    if query.strip():
        key = search_key(query)
        qs = (
            qs.filter(search_text__contains=key)
            if not key.isdigit()
            else qs.filter(postal_code__code__startswith=key)
        )
    return qs.select_related("postal_code", "organisation").prefetch_related("languages")


def young_person_get(*, user: User | AnonymousUser, pk: int) -> YoungPerson:
    """The person, or 404 when it does not exist *or* belongs to another organisation."""
    try:
        return (
            scope_personal_data(YoungPerson.objects.all(), user)
            .select_related("postal_code", "organisation")
            .prefetch_related("languages", "occupations_of_interest", "parents", "consents")
            .get(pk=pk)
        )
    except YoungPerson.DoesNotExist:
        raise Http404 from None


def parent_list(*, user: User | AnonymousUser) -> QuerySet[Parent]:
    return scope_personal_data(Parent.objects.all(), user).select_related("preferred_language")


def young_person_count(*, user: User | AnonymousUser) -> int:
    """A figure, so coordinators count their Servicestellen's people too; a record merged
    into another is not a person of its own."""
    return scope_figures(YoungPerson.objects.filter(merged_into__isnull=True), user).count()


def consent_get(*, user: User | AnonymousUser, pk: int) -> Consent:
    try:
        return scope_personal_data(Consent.objects.all(), user).get(pk=pk)
    except Consent.DoesNotExist:
        raise Http404 from None


def offices_for_new_person(*, user: User | AnonymousUser) -> QuerySet[Organisation]:
    """The offices the user may add a person to (they choose one when there are several)."""
    return offices_acting_for(user=user)


# --- duplicates -------------------------------------------------------------------------------

_RECORD_FIELDS = ("id", "first_name", "last_name", "birth_date", "phone", "email")


def _record(person: YoungPerson) -> PersonRecord:
    return PersonRecord(
        person.pk,
        person.first_name,
        person.last_name,
        person.birth_date,
        person.phone,
        person.email,
    )


def _swapped(born: dt.date) -> dt.date | None:
    try:
        return born.replace(day=born.month, month=born.day)
    except ValueError:
        return None


def duplicates_of_new_person(
    *,
    user: User | AnonymousUser,
    organisation_id: int,
    first_name: str,
    last_name: str,
    birth_date: dt.date | None = None,
    phone: str = "",
    email: str = "",
    limit: int = 5,
) -> list[tuple[YoungPerson, Match]]:
    """People of the office (only those the user may see) that a record about to be
    created probably is, best first: looked up by the stored keys and the date of birth,
    then scored by kausa.people.duplicates."""
    keys = match_keys(first_name, last_name, phone, email)
    wanted = Q(match_name=keys.name) if keys.name else Q(pk__in=[])
    if keys.phone:
        wanted |= Q(match_phone=keys.phone)
    if keys.email:
        wanted |= Q(match_email=keys.email)
    if birth_date is not None:
        wanted |= Q(birth_date__in=[d for d in (birth_date, _swapped(birth_date)) if d])
    people = {
        p.pk: p
        for p in scope_personal_data(YoungPerson.objects.all(), user)
        .filter(wanted, organisation_id=organisation_id, is_anonymised=False)
        .select_related("postal_code")
        .order_by("pk")[:500]
    }
    new = PersonRecord(0, first_name, last_name, birth_date, phone, email)
    found = candidates_for(new, (_record(p) for p in people.values()), limit=limit)
    return [(people[match.b], match) for match in found]


def offices_with_people() -> list[int]:
    """The ids of the offices that have young people (for the nightly checks)."""
    return list(YoungPerson.objects.order_by().values_list("organisation_id", flat=True).distinct())


def person_records_of_office(*, organisation_id: int) -> list[PersonRecord]:
    """Every person of an office as the nightly duplicate check reads them (a system task:
    no user)."""
    rows = YoungPerson.objects.filter(
        organisation_id=organisation_id, is_anonymised=False
    ).values_list(*_RECORD_FIELDS)
    return [PersonRecord(*row) for row in rows.iterator(chunk_size=5000)]


def duplicate_candidate_list(
    *, user: User | AnonymousUser, organisation_id: int | None = None
) -> QuerySet[DuplicateCandidate]:
    """Open pairs of the offices the user advises in, most probable first, with both
    people and how many cases each has."""
    qs = scope_personal_data(
        DuplicateCandidate.objects.filter(status=DuplicateCandidate.Status.OPEN), user
    )
    if organisation_id is not None:
        qs = qs.filter(organisation_id=organisation_id)
    return qs.select_related(
        "organisation", "person_a__postal_code", "person_b__postal_code"
    ).order_by("-score", "id")


def duplicate_candidate_get(*, user: User | AnonymousUser, pk: int) -> DuplicateCandidate:
    """An open pair, or 404 (another office's, decided or unknown)."""
    try:
        return (
            duplicate_candidate_list(user=user)
            .prefetch_related(
                "person_a__languages",
                "person_b__languages",
                "person_a__occupations_of_interest",
                "person_b__occupations_of_interest",
            )
            .get(pk=pk)
        )
    except DuplicateCandidate.DoesNotExist:
        raise Http404 from None


def case_counts(people: list[YoungPerson]) -> dict[int, int]:
    """How many cases each person has (to help choose which record to keep)."""
    rows = (
        YoungPerson.objects.filter(pk__in=[p.pk for p in people])
        .annotate(n=Count("cases"))
        .values_list("pk", "n")
    )
    return dict(rows)
