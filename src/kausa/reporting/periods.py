"""Reporting periods: a month, a quarter, a year or any range of days, and the one before."""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass

from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from kausa.reporting.indicators import Window

KINDS = ("year", "quarter", "month", "range")
KIND_LABELS = {
    "year": _("year"),
    "quarter": _("quarter"),
    "month": _("month"),
    "range": _("date range"),
}


@dataclass(frozen=True)
class Period:
    kind: str
    start: dt.date
    end: dt.date

    @property
    def window(self) -> Window:
        return Window(self.start, self.end)

    @property
    def year(self) -> int:
        return self.start.year

    @property
    def quarter(self) -> int:
        return (self.start.month - 1) // 3 + 1

    @property
    def label(self) -> str:
        if self.kind == "year":
            return str(self.year)
        if self.kind == "quarter":
            return f"Q{self.quarter} {self.year}"
        if self.kind == "month":
            return f"{self.start.month:02d}/{self.year}"
        first, last = (date_format(d, "SHORT_DATE_FORMAT") for d in (self.start, self.end))
        return f"{first} – {last}"

    def previous(self) -> Period:
        if self.kind == "year":
            return year(self.year - 1)
        if self.kind == "quarter":
            return (
                quarter(self.year, self.quarter - 1)
                if self.quarter > 1
                else quarter(self.year - 1, 4)
            )
        if self.kind == "month":
            before = self.start - dt.timedelta(days=1)
            return month(before.year, before.month)
        days = (self.end - self.start).days + 1
        return Period("range", self.start - dt.timedelta(days=days), self.start - dt.timedelta(1))


def year(y: int) -> Period:
    return Period("year", dt.date(y, 1, 1), dt.date(y, 12, 31))


def quarter(y: int, q: int) -> Period:
    first = 3 * (q - 1) + 1
    return Period("quarter", dt.date(y, first, 1), _month_end(y, first + 2))


def month(y: int, m: int) -> Period:
    return Period("month", dt.date(y, m, 1), _month_end(y, m))


def date_range(start: dt.date, end: dt.date) -> Period:
    if end < start:
        start, end = end, start
    return Period("range", start, end)


def _month_end(y: int, m: int) -> dt.date:
    return dt.date(y, m, calendar.monthrange(y, m)[1])


def calendar_windows(y: int) -> list[Period]:
    """The periods of one year that are published side by side: 12 months, 4 quarters, the
    year (disclosure control treats them together: months add up to quarters and years)."""
    return [month(y, m) for m in range(1, 13)] + [quarter(y, q) for q in range(1, 5)] + [year(y)]
