"""API endpoints of reporting (ninja reads annotations at runtime: no __future__ import)."""

import datetime as dt
from typing import Literal

from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Query, Router, Schema, Status

from kausa.accounts.models import User
from kausa.core.api_params import ErrorOut
from kausa.reporting import periods
from kausa.reporting.selectors import (
    HIDDEN,
    Cell,
    RangeNotAllowed,
    can_see_figures,
    figures_report,
)

router = Router(tags=["reporting"])


class IndicatorQuery(Schema):
    level: Literal["all", "group", "office"] = Field(
        "all",
        description="all offices the caller may count, a Landesstelle with its "
        "Servicestellen (`group`), or one office",
    )
    office: int | None = Field(
        None,
        ge=1,
        le=2_147_483_647,
        description="the office (level office) or the Landesstelle (level group)",
    )
    from_: dt.date | None = Field(
        None,
        alias="from",
        description="first day; a calendar month, quarter or year is "
        "recognised, any other range is allowed for the caller's own offices only",
    )
    to: dt.date | None = Field(None, description="last day (inclusive)")


class PeriodOut(Schema):
    kind: str
    start: dt.date
    end: dt.date
    label: str


class ColumnOut(Schema):
    level: str
    id: int
    label: str


class RowOut(Schema):
    indicator: str
    part: str = Field(description="the part (event type, language) or empty for the whole")
    label: str
    definition: str
    values: list[int | None] = Field(description="one per column; null: hidden")
    previous: int | None
    change: int | None


class TargetOut(Schema):
    indicator: str
    result: int | None
    target: int
    share_percent: int | None
    projection: int | None


class ReportOut(Schema):
    period: PeriodOut
    previous: PeriodOut
    level: str
    exact: bool = Field(description="true when every column is of the caller's own offices")
    hidden_mark: str
    columns: list[ColumnOut]
    rows: list[RowOut]
    targets: list[TargetOut]


def _period(start: dt.date | None, end: dt.date | None) -> periods.Period:
    if start is None and end is None:
        return periods.year(timezone.localdate().year)
    start = start or dt.date((end or start).year, 1, 1)  # type: ignore[union-attr]
    end = end or dt.date(start.year, 12, 31)
    for candidate in (
        periods.year(start.year),
        periods.quarter(start.year, (start.month - 1) // 3 + 1),
        periods.month(start.year, start.month),
    ):
        if (candidate.start, candidate.end) == (start, end):
            return candidate
    return periods.date_range(start, end)


def _value(cell: Cell) -> int | None:
    return None if cell.hidden else cell.value


def _period_out(period: periods.Period) -> dict[str, object]:
    return {"kind": period.kind, "start": period.start, "end": period.end, "label": period.label}


@router.get(
    "/reports/indicators",
    response={200: ReportOut, 400: ErrorOut, 401: ErrorOut, 403: ErrorOut},
    url_name="reporting_indicators",
)
def indicators(request: HttpRequest, query: Query[IndicatorQuery]):
    """KAUSA's indicators for a period and level, as on the figures page: the same counts
    and the same disclosure control (hidden cells are null). For staff of KAUSA offices."""
    user = request.user
    if not isinstance(user, User) or not user.is_authenticated:
        return Status(401, {"detail": "Log in first: the figures are for staff of KAUSA offices."})
    if not can_see_figures(user=user):
        return Status(403, {"detail": "Your account may not see figures (office staff only)."})
    start, end = query.from_, query.to
    if start and end and (end < start or (end - start).days > 3 * 366):
        return Status(400, {"detail": "`to` must be on or after `from`, at most three years."})
    period = _period(start, end)
    if not 2000 <= period.start.year <= 2100 or not 2000 <= period.end.year <= 2100:
        return Status(400, {"detail": "Dates must lie between 2000 and 2100."})
    try:
        report = figures_report(user=user, period=period, level=query.level, unit=query.office)
    except RangeNotAllowed:
        return Status(
            400,
            {
                "detail": "A free date range is given only for your own offices; ask for a "
                "calendar month, quarter or year across other offices."
            },
        )
    if query.level != "all" and (report.level, report.unit) != (query.level, query.office):
        return Status(400, {"detail": f"No {query.level} {query.office} among your offices."})
    return {
        "period": _period_out(report.period),
        "previous": _period_out(report.previous),
        "level": report.level,
        "exact": report.exact,
        "hidden_mark": HIDDEN,
        "columns": [
            {"level": column[0], "id": column[1], "label": label}
            for column, label in report.columns
        ],
        "rows": [
            {
                "indicator": line.indicator.key,
                "part": line.part,
                "label": line.label,
                "definition": str(line.indicator.definition),
                "values": [_value(c) for c in line.cells],
                "previous": _value(line.previous),
                "change": line.change,
            }
            for line in report.lines
        ],
        "targets": [
            {
                "indicator": t.indicator.key,
                "result": _value(t.result),
                "target": t.target,
                "share_percent": t.share,
                "projection": t.projection,
            }
            for t in report.targets
        ],
    }
