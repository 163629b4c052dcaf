"""Every CSV and XLSX Kausa hands out is written here, the same way.

- Text that a spreadsheet would run as a formula (it starts with ``=``, ``+``, ``-``, ``@``,
  a tab or a carriage return) is defused: in CSV it gets a leading apostrophe (OWASP's
  advice; Excel and LibreOffice show the text), in XLSX it is stored as a text cell with
  the "quote prefix" style, so it is never a formula, not even after editing the cell.
- CSV: ``;`` as separator (German Excel opens it in columns), a UTF-8 byte-order mark
  (so umlauts and Arabic names come out right), ``\\r\\n`` line ends (RFC 4180).
- XLSX: dates are date cells (``TT.MM.JJJJ``), numbers are numbers, a bold header row
  that stays in view, and column widths that fit the header.

Callers pass a header and rows of plain Python values (str, int, float, Decimal, date,
datetime, bool, None); a view returns :func:`response`.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable, Sequence
from decimal import Decimal

from django.http import HttpResponse
from django.utils import timezone

Value = str | int | float | Decimal | dt.date | dt.datetime | bool | None

DANGEROUS_FIRST = ("=", "+", "-", "@", "\t", "\r")
CSV_TYPE = "text/csv; charset=utf-8"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMATS = ("csv", "xlsx")


def is_dangerous(text: str) -> bool:
    return text.startswith(DANGEROUS_FIRST)


def csv_text(value: Value) -> str:
    """One cell as CSV text: ISO dates, no formula can start."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, dt.datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, int | float | Decimal):
        return str(value)
    text = str(value)
    return "'" + text if is_dangerous(text) else text


def csv_bytes(header: Sequence[str], rows: Iterable[Sequence[Value]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow([csv_text(h) for h in header])
    for row in rows:
        writer.writerow([csv_text(v) for v in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def xlsx_bytes(header: Sequence[str], rows: Iterable[Sequence[Value]], sheet_title: str) -> bytes:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    book = Workbook(write_only=True)
    sheet = book.create_sheet(_sheet_title(sheet_title))
    sheet.freeze_panes = "A2"
    for number, title in enumerate(header, start=1):
        sheet.column_dimensions[get_column_letter(number)].width = max(10, min(len(title) + 4, 50))
    bold = Font(bold=True)

    def cell(value: Value, *, head: bool = False) -> WriteOnlyCell:
        if isinstance(value, dt.datetime):
            if timezone.is_aware(value):  # Excel knows no time zones: local time of the office
                value = timezone.make_naive(timezone.localtime(value))
            c = WriteOnlyCell(sheet, value=value)
            c.number_format = "DD.MM.YYYY HH:MM"
        elif isinstance(value, dt.date):
            c = WriteOnlyCell(sheet, value=value)
            c.number_format = "DD.MM.YYYY"
        elif isinstance(value, str):
            c = WriteOnlyCell(sheet, value=None)
            c.value = _xlsx_safe(value)
            c.data_type = "s"  # never "f", whatever the text starts with
            if is_dangerous(value):
                c.quotePrefix = True
        else:
            c = WriteOnlyCell(sheet, value=value)
        if head:
            c.font = bold
        return c

    sheet.append([cell(h, head=True) for h in header])
    for row in rows:
        sheet.append([cell(v) for v in row])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def response(
    name: str,
    header: Sequence[str],
    rows: Iterable[Sequence[Value]],
    fmt: str = "csv",
    sheet_title: str = "Kausa",
) -> HttpResponse:
    """A download called ``<name>.<fmt>``; ``fmt`` is "csv" (the default) or "xlsx"."""
    if fmt == "xlsx":
        answer = HttpResponse(xlsx_bytes(header, rows, sheet_title), content_type=XLSX_TYPE)
    else:
        fmt = "csv"
        answer = HttpResponse(csv_bytes(header, rows), content_type=CSV_TYPE)
    answer["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    answer["Cache-Control"] = "private, no-store"  # personal data: no cache keeps a copy
    return answer


def _xlsx_safe(text: str) -> str:
    # XML 1.0 cannot carry most control characters; openpyxl would refuse the whole file
    return "".join(ch for ch in text if ch in "\t\n\r" or ord(ch) >= 32)


def _sheet_title(title: str) -> str:
    cleaned = "".join(" " if ch in "[]:*?/\\" else ch for ch in title).strip() or "Kausa"
    return cleaned[:31]
