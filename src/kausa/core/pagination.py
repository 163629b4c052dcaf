"""Paging long lists: first the ids of one page, then the rows with their joins.

With a deep page (OFFSET 5000) the database would otherwise build every joined row
it skips; fetching ids first keeps each page as cheap as the first.
"""

from __future__ import annotations

from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet


def page_of(queryset: QuerySet[Any], number: str | int | None, per_page: int) -> Page:
    ids = queryset.values_list("pk", flat=True)
    page = Paginator(ids, per_page).get_page(number)
    wanted = list(page.object_list)
    rows = {obj.pk: obj for obj in queryset.order_by().filter(pk__in=wanted)}
    page.object_list = [rows[pk] for pk in wanted if pk in rows]
    return page
