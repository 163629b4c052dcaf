"""Every CSV and XLSX in the permission table, fetched with hostile names in the records.

Each export URL (found in the table, not listed by hand: a new export is walked as soon as
it has its row) is fetched by a persona the table allows. Every CSV must have the one
dialect (UTF-8 BOM, ``;``) and no cell a spreadsheet would run; every XLSX must hold no
formula. Where the export carries names, the hostile name must be in it, defused.
"""

from __future__ import annotations

import csv
import io
import zipfile

import openpyxl
import pytest

from kausa.core.exports import DANGEROUS_FIRST
from kausa.events.models import Event
from tests.conftest import login
from tests.counselling.factories import CaseFactory
from tests.events.factories import RegistrationFactory
from tests.factories import YoungPersonFactory
from tests.test_permissions import TABLE, _url_for

pytestmark = pytest.mark.django_db

HOSTILE = '=HYPERLINK("http://evil.example","x")'
SPREADSHEETS = (".csv", ".xlsx")


def _export_names() -> list[str]:
    return sorted(
        name
        for name in TABLE
        if "export" in name or name.endswith("_csv") or name.endswith("_xlsx")
    )


def _targets(office, other_office) -> list[tuple[str, str]]:
    targets = []
    for name in _export_names():
        url = _url_for(name, office, other_office)
        if url.startswith("POST ") or not url.split("?")[0].endswith(SPREADSHEETS):
            continue
        targets.append((name, url))
        if url.endswith("export.csv"):  # the same view answers in XLSX
            targets.append((name, url.replace("export.csv", "export.xlsx")))
    return targets


def _plant_hostile_names(office) -> None:
    person = YoungPersonFactory(organisation=office, first_name=HOSTILE, last_name="@SUM(A1:A2)")
    CaseFactory(organisation=office, young_person=person)
    for event in Event.objects.filter(organisation=office):
        RegistrationFactory(event=event, name=HOSTILE, phone="+49 30 123")


def _check_csv(content: bytes) -> list[list[str]]:
    assert content.startswith(b"\xef\xbb\xbf"), "CSV without UTF-8 BOM"
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"), newline=""), delimiter=";"))
    assert len(rows[0]) > 1, "CSV not separated by ';'"
    for row in rows:
        for cell in row:
            assert not cell.startswith(DANGEROUS_FIRST), f"formula cell {cell!r}"
    return rows


def _check_xlsx(content: bytes) -> list[list[str]]:
    with zipfile.ZipFile(io.BytesIO(content)) as package:
        for name in package.namelist():
            if name.startswith("xl/worksheets/"):
                assert b"<f>" not in package.read(name) and b"<f " not in package.read(name)
    sheet = openpyxl.load_workbook(io.BytesIO(content)).worksheets[0]
    return [
        [str(v) if v is not None else "" for v in row] for row in sheet.iter_rows(values_only=True)
    ]


def test_every_export_is_walked_and_defuses_hostile_names(office, other_office, request):
    targets = _targets(office, other_office)
    names = {name for name, _ in targets}
    assert {
        "counselling:case_export",
        "events:staff_export",
        "matching:staff_mismatch_csv",
    } <= names
    _plant_hostile_names(office)
    carried = 0
    for name, url in targets:
        persona = next(p for p, status in TABLE[name].items() if status == 200 and p != "anonymous")
        response = login(request.getfixturevalue(persona)).get(url)
        assert response.status_code == 200, url
        assert "no-store" in response.get("Cache-Control", ""), url
        if url.endswith(".xlsx"):
            rows = _check_xlsx(response.content)
            text = [cell for row in rows for cell in row]
            if any(cell.startswith(HOSTILE) for cell in text):  # a text cell, never a formula
                carried += 1
        else:
            rows = _check_csv(response.content)
            text = [cell for row in rows for cell in row]
            if any(cell.startswith("'" + HOSTILE) for cell in text):
                carried += 1
    # the case list (CSV and XLSX) and the registrations carry the name
    assert carried >= 3
