from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from kausa.accounts.permissions import figures_required
from kausa.core.http import query_int
from kausa.reporting.selectors import office_figures


@figures_required
def figures(request: HttpRequest) -> HttpResponse:
    this_year = timezone.localdate().year
    year = query_int(request, "year", minimum=2000, maximum=2100, default=this_year)
    return render(
        request,
        "reporting/figures.html",
        {
            "year": year,
            "years": list(range(this_year, this_year - 4, -1)),
            "offices": office_figures(user=request.user, year=year),
            "quarters": ["Q1", "Q2", "Q3", "Q4"],
        },
    )
