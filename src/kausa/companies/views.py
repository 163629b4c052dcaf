from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from kausa.companies import selectors
from kausa.core.permissions import advisor_required

PAGE_SIZE = 25


@advisor_required
def company_list(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "")[:100]
    companies = selectors.company_list(user=request.user, query=query)
    page = Paginator(companies, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "companies/company_list.html", {"page": page, "query": query})


@advisor_required
def company_detail(request: HttpRequest, pk: int) -> HttpResponse:
    company = selectors.company_get(user=request.user, pk=pk)
    offers = company.offers.select_related("occupation").order_by("status", "start_date")
    return render(request, "companies/company_detail.html", {"company": company, "offers": offers})
