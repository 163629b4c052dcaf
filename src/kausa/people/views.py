from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from kausa.core.permissions import advisor_required
from kausa.people import selectors

PAGE_SIZE = 25


@advisor_required
def person_list(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "")[:100]
    people = selectors.young_person_list(user=request.user, query=query)
    page = Paginator(people, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "people/person_list.html", {"page": page, "query": query})


@advisor_required
def person_detail(request: HttpRequest, pk: int) -> HttpResponse:
    person = selectors.young_person_get(user=request.user, pk=pk)
    return render(request, "people/person_detail.html", {"person": person})
