"""Reads of the reference catalogues (public data, no tenant scoping needed)."""

from __future__ import annotations

from functools import lru_cache

from django.db.models import Case, IntegerField, Q, QuerySet, Value, When

from kausa.core.text import search_key
from kausa.reference.models import Occupation, PostalCode
from kausa.reference.occupation_names import short_names_matching


def postal_code_get(code: str) -> PostalCode | None:
    return PostalCode.objects.filter(code=code).first()


def occupation_search(query: str = "") -> QuerySet[Occupation]:
    """Occupations whose official or short name contains the query, ignoring case/accents,
    or whose name in another language (kausa.reference.occupation_names) contains it.

    Names that start with the query come first, then the common occupations.
    """
    qs = Occupation.objects.select_related("kldb")
    key = search_key(query)
    if not key:
        return qs.order_by("-is_common", "short_name")
    translated, translated_starts = short_names_matching(key)
    return (
        qs.filter(Q(search_text__contains=key) | Q(short_name__in=translated))
        .annotate(
            starts=Case(
                When(search_text__startswith=key, then=Value(0)),
                When(short_name__in=translated_starts, then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            )
        )
        .order_by("starts", "-is_common", "short_name")
    )


@lru_cache(maxsize=1)
def occupation_choices() -> tuple[tuple[int, str], ...]:
    """(id, short name) of every occupation, cached per process: reference data changes
    only through `kausa load-reference`, which clears this cache (restart other workers)."""
    return tuple(Occupation.objects.order_by("short_name").values_list("id", "short_name"))
