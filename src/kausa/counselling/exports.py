"""CSV and XLSX of the (already scoped and filtered) case list."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import QuerySet
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from kausa.core import exports
from kausa.counselling.models import Case

MAX_ROWS = 50_000


def _rows(cases: QuerySet[Case]) -> Iterable[list[exports.Value]]:
    for case in cases[:MAX_ROWS].iterator(chunk_size=2000):
        yield [
            case.pk,
            case.get_kind_display(),
            str(case.subject),
            case.get_status_display(),
            case.opened_on,
            case.last_consultation_on,
            case.owner.get_full_name(),
            case.get_closing_reason_display() if case.closing_reason else "",
        ]


def _header() -> list[str]:
    return [
        _("No."),
        _("Case for"),
        _("Name"),
        _("Status"),
        _("Opened on"),
        _("Last consultation"),
        _("Advisor"),
        _("Closing reason"),
    ]


def cases_response(cases: QuerySet[Case], fmt: str) -> HttpResponse:
    """The list as CSV or XLSX (core.exports: formula guard, typed dates, one CSV dialect)."""
    stamp = timezone.localdate().isoformat()
    return exports.response(
        f"kausa-cases-{stamp}", _header(), _rows(cases), fmt, sheet_title=_("Cases")
    )
