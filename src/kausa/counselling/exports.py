"""CSV and XLSX of the (already scoped and filtered) case list."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable

from django.db.models import QuerySet
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from kausa.counselling.models import Case

MAX_ROWS = 50_000


def _rows(cases: QuerySet[Case]) -> Iterable[list[object]]:
    for case in cases[:MAX_ROWS].iterator(chunk_size=2000):
        yield [
            case.pk,
            case.get_kind_display(),
            str(case.subject),
            case.get_status_display(),
            case.opened_on.isoformat(),
            case.last_consultation_on.isoformat() if case.last_consultation_on else "",
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
    stamp = timezone.localdate().isoformat()
    if fmt == "xlsx":
        from openpyxl import Workbook

        book = Workbook(write_only=True)
        sheet = book.create_sheet(_("Cases"))
        sheet.append(_header())
        for row in _rows(cases):
            sheet.append(row)
        buffer = io.BytesIO()
        book.save(buffer)
        response = HttpResponse(
            buffer.getvalue(),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    else:
        buffer_text = io.StringIO()
        writer = csv.writer(buffer_text, delimiter=";")
        writer.writerow(_header())
        writer.writerows(_rows(cases))
        # BOM so that spreadsheet programs read umlauts and Arabic names correctly.
        response = HttpResponse("\ufeff" + buffer_text.getvalue(), content_type="text/csv")
        fmt = "csv"
    response["Content-Disposition"] = f'attachment; filename="kausa-cases-{stamp}.{fmt}"'
    return response
