from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from kausa.accounts.models import User
from kausa.accounts.permissions import figures_required
from kausa.core import exports
from kausa.core.http import parse_int, query_int
from kausa.reporting import files, periods
from kausa.reporting.breakdowns import DIMENSIONS
from kausa.reporting.charts import Bar, Progress, column_chart, target_chart
from kausa.reporting.indicators import INDICATORS, NOT_COUNTED
from kausa.reporting.selectors import (
    HIDDEN,
    RangeNotAllowed,
    Report,
    figures_report,
    offices_for_targets_of,
    targets_of,
)
from kausa.reporting.services import MAX_TARGET, targets_set

CHARTED = ("people_advised", "consultations", "contracts", "bsk_started", "events", "participants")


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


def _report(
    request: HttpRequest, *, published: bool = False, breakdown: str | None = None
) -> tuple[Report, str]:
    user = request.user
    assert isinstance(user, User)  # figures_required: logged in
    period = _period(request)
    level, _sep, rest = (request.GET.get("level") or "all").partition(":")
    unit = parse_int(rest, minimum=1, default=None)
    by = request.GET.get("by", "") if breakdown is None else breakdown
    try:
        return figures_report(
            user=user,
            period=period,
            level=level,
            unit=unit,
            published=published,
            breakdown=by,
            esf=True,
        ), ""
    except RangeNotAllowed:
        note = _(
            "A free date range is shown only for your own offices: across offices, two "
            "overlapping ranges would give away small numbers by their difference. Here is "
            "the year."
        )
        fallback = periods.year(period.year)
        return figures_report(
            user=user,
            period=fallback,
            level=level,
            unit=unit,
            published=published,
            breakdown=by,
            esf=True,
        ), note


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
            "charts": _charts(report),
            "can_set_targets": bool(offices_for_targets_of(user=request.user)),
            "dimensions": DIMENSIONS,
            "by": request.GET.get("by", ""),
            "target_chart": _target_chart(report),
        },
    )


def _charts(report: Report) -> list[dict[str, object]]:
    charts = []
    for series in report.series:
        if series.indicator.key not in CHARTED:
            continue
        bars = [
            Bar(f"Q{q + 1}", None if cell.hidden else cell.value)
            for q, cell in enumerate(series.quarters)
        ]
        said = ", ".join(f"{b.label}: {HIDDEN if b.value is None else b.value}" for b in bars)
        title = f"{series.indicator.label} · {report.main_label} · {report.period.year}"
        charts.append(
            {
                "title": title,
                "series": series,
                "svg": mark_safe(  # noqa: S308 - every text inside is escaped by charts
                    column_chart(
                        f"chart-{series.indicator.key}",
                        title,
                        bars,
                        hidden_mark=HIDDEN,
                        description=said,
                    )
                ),
            }
        )
    return charts


def _target_chart(report: Report) -> str:
    if not report.targets:
        return ""
    rows = [
        Progress(
            str(t.indicator.label),
            None if t.result.hidden else t.result.value,
            t.target,
            t.projection,
        )
        for t in report.targets
    ]
    said = "; ".join(
        _("%(indicator)s: %(result)s of %(target)s, at this pace %(projection)s")
        % {
            "indicator": r.label,
            "result": HIDDEN if r.result is None else r.result,
            "target": r.target,
            "projection": "–" if r.projection is None else r.projection,
        }
        for r in rows
    )
    title = _("Results against the targets of %(year)s") % {"year": report.period.year}
    return mark_safe(  # noqa: S308 - every text inside is escaped by charts
        target_chart("chart-targets", title, rows, hidden_mark=HIDDEN, description=said)
    )


@figures_required
def figures_export(request: HttpRequest, fmt: str) -> HttpResponse:
    """The report as a file: XLSX (a sheet per level), PDF (A4), or the CSV of one table
    (``?table=indicators``, the default, ``targets`` or ``quarters``)."""
    table = request.GET.get("table") or "indicators"
    if fmt not in ("csv", "xlsx", "pdf") or table not in files.TABLES:
        raise Http404
    user = request.user
    assert isinstance(user, User)  # figures_required: logged in
    report, _note = _report(request, published=True, breakdown="all" if fmt == "xlsx" else "")
    today = timezone.localdate()
    if fmt == "csv":
        header, rows = files.csv_table(report, table, legend=_legend())
        return exports.response(files.file_name(report, table), header, rows, "csv")
    if fmt == "xlsx":
        reports = files.sheet_reports(user=user, report=report)
        body = files.figures_xlsx(reports, legend=_legend(), today=today)
        return files.download(f"{files.file_name(report)}.xlsx", body, exports.XLSX_TYPE)
    language = get_language() or "de"
    body = files.figures_pdf(
        report, legend=_legend(), charted=CHARTED, language=language, today=today
    )
    return files.download(f"{files.file_name(report)}.pdf", body, files.PDF_TYPE)


def _legend() -> str:
    return _(
        "hidden: a count from 1 to 4 of offices that are not yours, or a count hidden so "
        "that such a number cannot be worked out by subtraction from totals."
    )


class TargetsForm(forms.Form):
    """One optional whole number per indicator (blank: no target)."""

    def __init__(self, *args: Any, initial_targets: dict[str, int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for indicator in INDICATORS:
            self.fields[indicator.key] = forms.IntegerField(
                label=str(indicator.label),
                required=False,
                min_value=0,
                max_value=MAX_TARGET,
                initial=initial_targets.get(indicator.key),
                help_text=str(indicator.definition),
                widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
            )


@figures_required
def targets(request: HttpRequest) -> HttpResponse:
    user = request.user
    assert isinstance(user, User)
    offices = offices_for_targets_of(user=user)
    if not offices:
        raise PermissionDenied
    this_year = timezone.localdate().year
    year = query_int(request, "year", minimum=2000, maximum=2100, default=this_year)
    wanted = query_int(request, "office", minimum=1, default=offices[0].pk)
    office = next((o for o in offices if o.pk == wanted), offices[0])
    current = targets_of(office_ids=[office.pk], year=year).get(office.pk, {})
    form = TargetsForm(request.POST or None, initial_targets=current)
    if request.method == "POST" and form.is_valid():
        try:
            changed = targets_set(user=user, office=office, year=year, values=form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                ngettext(
                    "%(count)d target saved for %(office)s, %(year)s.",
                    "%(count)d targets saved for %(office)s, %(year)s.",
                    changed,
                )
                % {"count": changed, "office": office.name, "year": year},
            )
            return redirect(f"{request.path}?office={office.pk}&year={year}")
    return render(
        request,
        "reporting/targets.html",
        {
            "form": form,
            "offices": offices,
            "office": office,
            "year": year,
            "years": list(range(this_year + 1, this_year - 4, -1)),
        },
        status=400 if request.method == "POST" else 200,
    )
