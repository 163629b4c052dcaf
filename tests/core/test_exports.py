"""The one export writer: nothing a spreadsheet could run, typed cells, one CSV dialect."""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from decimal import Decimal
from xml.etree import ElementTree as etree

import openpyxl

from kausa.core import exports

HOSTILE = [
    '=HYPERLINK("http://evil.example","x")',
    "@SUM(A1:A2)",
    "+49 30 1234",
    "-1+2",
    "\tTab",
    "\rCR",
]
MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"


def _rows():
    return [[name, dt.date(2026, 3, 2), 7, Decimal("1.5")] for name in HOSTILE] + [
        ["Ayşe Yılmaz", None, 0, True],
        ["محمد", dt.datetime(2026, 3, 2, 9, 30, tzinfo=dt.UTC), 1, False],
    ]


def test_csv_has_bom_semicolons_crlf_and_no_cell_starts_a_formula():
    data = exports.csv_bytes(["Name", "Datum", "Anzahl", "Stunden"], _rows())
    assert data.startswith(b"\xef\xbb\xbf")
    text = data.decode("utf-8-sig")
    assert "\r\n" in text
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))
    assert rows[0] == ["Name", "Datum", "Anzahl", "Stunden"]
    names = [r[0] for r in rows[1:]]
    assert names[: len(HOSTILE)] == ["'" + h for h in HOSTILE]
    assert not any(r[0].startswith(exports.DANGEROUS_FIRST) for r in rows)
    assert rows[1][1] == "2026-03-02" and rows[1][2] == "7"
    assert names[-2:] == ["Ayşe Yılmaz", "محمد"]
    assert rows[-1][1] == "2026-03-02 10:30"  # Berlin time, not UTC


def test_xlsx_stores_hostile_text_as_text_and_dates_and_numbers_typed():
    data = exports.xlsx_bytes(["Name", "Datum", "Anzahl", "Stunden"], _rows(), "Fälle: 2026/1")
    # independent look at the file: no formula element anywhere in the sheet XML
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        sheets = [n for n in package.namelist() if n.startswith("xl/worksheets/")]
        xml = etree.fromstring(package.read(sheets[0]))  # noqa: S314 - our own file
    assert xml.findall(f".//{MAIN}f") == []
    book = openpyxl.load_workbook(io.BytesIO(data))
    sheet = book.worksheets[0]
    assert sheet.title == "Fälle  2026 1"
    values = list(sheet.iter_rows(min_row=2, values_only=True))
    assert [v[0] for v in values[: len(HOSTILE)]] == [
        h.replace("\r", "\n")
        for h in HOSTILE  # XML reads a bare CR as a line end
    ]
    first = sheet["A2"]
    assert first.data_type == "s" and first.quotePrefix
    assert isinstance(sheet["B2"].value, dt.datetime) and sheet["B2"].value.date() == dt.date(
        2026, 3, 2
    )
    assert sheet["B2"].number_format == "DD.MM.YYYY"
    assert sheet["C2"].value == 7 and sheet["D2"].value == 1.5
    assert sheet["B9"].value == dt.datetime(2026, 3, 2, 10, 30)
    assert sheet["A1"].font.bold


def test_response_names_the_file_and_keeps_it_out_of_caches():
    answer = exports.response("kausa-cases-2026-03-02", ["A"], [["x"]], "xlsx")
    assert answer["Content-Type"] == exports.XLSX_TYPE
    assert answer["Content-Disposition"] == 'attachment; filename="kausa-cases-2026-03-02.xlsx"'
    assert "no-store" in answer["Cache-Control"]
    assert exports.response("x", ["A"], [["y"]], "pdf")["Content-Type"].startswith("text/csv")
