"""Reads of companies and offers, scoped to the acting user."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Count, Q, QuerySet
from django.http import Http404

from kausa.companies.models import Company, Offer
from kausa.core.tenancy import scope_figures, scope_personal_data
from kausa.core.text import search_key

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from kausa.accounts.models import User


def company_list(*, user: User | AnonymousUser, query: str = "") -> QuerySet[Company]:
    # Companies carry a contact person: the same rule as for people.
    qs = scope_personal_data(Company.objects.all(), user)
    if query.strip():
        key = search_key(query)
        qs = qs.filter(Q(search_text__contains=key) | Q(postal_code__code__startswith=key))
    return (
        qs.select_related("postal_code")
        .annotate(open_offers=Count("offers", filter=Q(offers__status=Offer.Status.OPEN)))
        .order_by("name", "id")
    )


def company_get(*, user: User | AnonymousUser, pk: int) -> Company:
    try:
        return (
            scope_personal_data(Company.objects.all(), user)
            .select_related("postal_code", "organisation")
            .prefetch_related("languages")
            .get(pk=pk)
        )
    except Company.DoesNotExist:
        raise Http404 from None


def offer_list(*, user: User | AnonymousUser) -> QuerySet[Offer]:
    return scope_personal_data(Offer.objects.all(), user).select_related(
        "company", "occupation", "company__postal_code"
    )


def company_count(*, user: User | AnonymousUser) -> int:
    return scope_figures(Company.objects.all(), user).count()


def open_offer_count(*, user: User | AnonymousUser) -> int:
    return scope_figures(Offer.objects.filter(status=Offer.Status.OPEN), user).count()
