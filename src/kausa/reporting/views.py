from __future__ import annotations

import datetime as dt

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from kausa.accounts.models import User
from kausa.accounts.permissions import figures_required
from kausa.core import exports
from kausa.core.http import parse_int, query_int
from kausa.reporting import periods
from kausa.reporting.indicators import INDICATORS, NOT_COUNTED
from kausa.reporting.selectors import HIDDEN, RangeNotAllowed, Report, figures_report


def _date(request: HttpRequest, name: str) -> dt.date | None:
    text = (request.GET.get(name) or "").strip()[:10]
    try:
        day = dt.date.fromisoformat(text)
    except ValueError:
        return None
    return day if 2000 <= day.year <= 2100 else None


def _period(request: HttpRequest) -> periods.Period:
    today = timezone.localdate()
    kind = request.GET.get("period", "year")
    y = query_int(request, "year", minimum=2000, maximum=2100, default=today.year)
    if kind == "quarter":
        q = query_int(request, "quarter", minimum=1, maximum=4, default=(today.month - 1) // 3 + 1)
        return periods.quarter(y, q)
    if kind == "month":
        return periods.month(y, query_int(request, "month", minimum=1, maximum=12, default=1))
    start, end = _date(request, "from"), _date(request, "to")
    if kind == "range" and start and end:
        return periods.date_range(start, end)
    return periods.year(y)


def _report(request: HttpRequest) -> tuple[Report, str]:
    user = request.user
    assert isinstance(user, User)  # figures_required: logged in
    period = _period(request)
    level, _sep, rest = (request.GET.get("level") or "all").partition(":")
    unit = parse_int(rest, minimum=1, default=None)
    try:
        return figures_report(user=user, period=period, level=level, unit=unit), ""
    except RangeNotAllowed:
        note = _(
            "A free date range is shown only for your own offices: across offices, two "
            "overlapping ranges would give away small numbers by their difference. Here is "
            "the year."
        )
        fallback = periods.year(period.year)
        return figures_report(user=user, period=fallback, level=level, unit=unit), note


@figures_required
def figures(request: HttpRequest) -> HttpResponse:
    report, note = _report(request)
    this_year = timezone.localdate().year
    query = request.GET.copy()
    return render(
        request,
        "reporting/figures.html",
        {
            "report": report,
            "note": note,
            "year": report.period.year,
            "years": list(range(this_year, this_year - 6, -1)),
            "quarters": [1, 2, 3, 4],
            "months": list(range(1, 13)),
            "kinds": periods.KIND_LABELS,
            "indicators": INDICATORS,
            "not_counted": NOT_COUNTED,
            "hidden_mark": HIDDEN,
            "legend": _legend(),
            "query": query.urlencode(),
        },
    )


@figures_required
def figures_export(request: HttpRequest, fmt: str) -> HttpResponse:
    if fmt not in exports.FORMATS:
        raise Http404
    report, _note = _report(request)
    header = [
        _("Indicator"),
        _("Broken down by"),
        *[label for _column, label in report.columns],
        _("previous period (%(period)s)") % {"period": report.previous.label},
        _("change"),
        _("definition"),
    ]
    rows: list[list[exports.Value]] = []
    for line in report.lines:
        rows.append(
            [
                str(line.indicator.label),
                line.label if line.is_part else "",
                *[cell.typed for cell in line.cells],
                line.previous.typed,
                line.change,
                "" if line.is_part else str(line.indicator.definition),
            ]
        )
    rows.append([_("Period"), report.period.label])
    rows.append([HIDDEN, _legend()])
    name = f"kausa-figures-{report.period.start:%Y%m%d}-{report.period.end:%Y%m%d}"
    return exports.response(name, header, rows, fmt, sheet_title=_("Figures"))


def _legend() -> str:
    return _(
        "hidden: a count from 1 to 4 of offices that are not yours, or a count hidden so "
        "that such a number cannot be worked out by subtraction from totals."
    )
