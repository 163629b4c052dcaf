"""One search box for people and companies: name, postal code or occupation."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import Exists, OuterRef, Q

from kausa.companies.models import Company, Offer
from kausa.core.tenancy import scope_personal_data
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
    occupation_ids = (
        list(occupation_search(query).values_list("id", flat=True)[:30]) if len(key) >= 3 else []
    )
    people = scope_personal_data(YoungPerson.objects.all(), user)
    companies = scope_personal_data(Company.objects.all(), user)
    if key.isdigit():
        person_filter = Q(postal_code__code__startswith=key)
        company_filter = Q(postal_code__code__startswith=key)
    else:
        person_filter = Q(search_text__contains=key)
        company_filter = Q(search_text__contains=key)
        if occupation_ids:
            person_filter |= Q(occupations_of_interest__in=occupation_ids)
            company_filter |= Exists(
                Offer.objects.filter(company=OuterRef("pk"), occupation_id__in=occupation_ids)
            )
    found_people = list(
        people.filter(id__in=people.filter(person_filter).values("id")[: LIMIT * 5])
        .select_related("postal_code")
        .order_by("last_name", "first_name")[:LIMIT]
    )
    found_companies = list(
        companies.filter(company_filter).select_related("postal_code").order_by("name")[:LIMIT]
    )
    labels = [o.short_name for o in occupation_search(query)[:5]] if occupation_ids else []
    return SearchResults(found_people, found_companies, labels)
