"""One search box for people and companies: name, postal code or occupation."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db.models import QuerySet

from kausa.accounts.tenancy import scope_personal_data
from kausa.companies.models import Company, Offer
from kausa.core.text import search_key
from kausa.people.models import YoungPerson
from kausa.reference.selectors import occupation_search

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from kausa.accounts.models import User

LIMIT = 20


@dataclass
class SearchResults:
    people: list[YoungPerson]
    companies: list[Company]
    occupations: list[str]


def workspace_search(*, user: User | AnonymousUser, query: str) -> SearchResults:
    key = search_key(query)
    people = scope_personal_data(YoungPerson.objects.all(), user)
    companies = scope_personal_data(Company.objects.all(), user)
    if key.isdigit():
        people = people.filter(postal_code__code__startswith=key)
        companies = companies.filter(postal_code__code__startswith=key)
        return SearchResults(_first(people), _first(companies), [])
    found_people = _first(people.filter(search_text__contains=key))
    found_companies = _first(companies.filter(search_text__contains=key))
    occupations = list(occupation_search(query)[:30]) if len(key) >= 3 else []
    if occupations:
        # Separate lookups through indexed foreign keys; an OR with the name filter
        # would make the database scan every person.
        ids = [o.pk for o in occupations]
        interested = people.filter(
            id__in=YoungPerson.occupations_of_interest.through.objects.filter(
                occupation_id__in=ids
            ).values("youngperson_id")
        )
        offering = companies.filter(
            id__in=Offer.objects.filter(occupation_id__in=ids).values("company_id")
        )
        found_people = _merge(found_people, _first(interested))
        found_companies = _merge(found_companies, _first(offering))
    labels = [o.short_name for o in occupations[:5]]
    return SearchResults(found_people, found_companies, labels)


def _first(qs: QuerySet[Any]) -> list[Any]:
    return list(qs.select_related("postal_code").order_by(*qs.model._meta.ordering)[:LIMIT])


def _merge(first: list[Any], second: list[Any]) -> list[Any]:
    seen = {obj.pk for obj in first}
    return (first + [obj for obj in second if obj.pk not in seen])[:LIMIT]
