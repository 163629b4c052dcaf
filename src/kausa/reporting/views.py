from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from kausa.core.permissions import figures_required
from kausa.reporting.selectors import office_figures


@figures_required
def figures(request: HttpRequest) -> HttpResponse:
    this_year = timezone.localdate().year
    year_param = request.GET.get("year", "")
    year = (
        int(year_param) if year_param.isdigit() and 2000 <= int(year_param) <= 2100 else this_year
    )
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
