"""Reads of young people and parents, always scoped to the acting user."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import QuerySet
from django.http import Http404

from kausa.accounts.selectors import offices_acting_for
from kausa.accounts.tenancy import scope_figures, scope_personal_data
from kausa.core.text import search_key
from kausa.people.models import Consent, Parent, YoungPerson

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
    """A figure, so coordinators count their Servicestellen's people too."""
    return scope_figures(YoungPerson.objects.all(), user).count()


def consent_get(*, user: User | AnonymousUser, pk: int) -> Consent:
    try:
        return scope_personal_data(Consent.objects.all(), user).get(pk=pk)
    except Consent.DoesNotExist:
        raise Http404 from None


def offices_for_new_person(*, user: User | AnonymousUser) -> QuerySet[Organisation]:
    """The offices the user may add a person to (they choose one when there are several)."""
    return offices_acting_for(user=user)
