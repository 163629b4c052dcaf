"""The figures report's files: XLSX with a sheet per level, the A4 PDF, a CSV per table."""

from __future__ import annotations

import csv
import datetime as dt
import io

import openpyxl
import pypdf
import pytest
import time_machine
from django.utils import translation
from django.utils.translation import gettext as _

from kausa.reporting.files import sheet_title
from kausa.reporting.indicators import INDICATORS
from kausa.reporting.models import Target
from kausa.reporting.selectors import HIDDEN
from tests.conftest import login
from tests.counselling.factories import CaseFactory, ConsultationFactory
from tests.factories import OrganisationFactory

pytestmark = [
    pytest.mark.django_db,
    # a file says the date it was made and how far the year has gone: a fixed day
    pytest.mark.usefixtures("_mid_year"),
]

YEAR = 2026
QUERY = f"?year={YEAR}"
LEGEND = {"de": "verborgen: eine Zahl von 1 bis 4", "en": "hidden: a count from 1 to 4"}


@pytest.fixture
def _mid_year():
    with time_machine.travel(dt.datetime(YEAR, 7, 2, 12, tzinfo=dt.UTC), tick=False):
        yield


def _consultations(organisation, n: int, on: dt.date) -> None:
    ConsultationFactory.create_batch(n, case=CaseFactory(organisation=organisation), held_on=on)


def _label(key: str, language: str) -> str:
    with translation.override(language):
        return str(next(i.label for i in INDICATORS if i.key == key))


def _book(response) -> openpyxl.Workbook:
    assert response.status_code == 200
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    return openpyxl.load_workbook(io.BytesIO(response.content))


def _pdf_text(response) -> tuple[pypdf.PdfReader, str]:
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    reader = pypdf.PdfReader(io.BytesIO(response.content))
    text = " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
    return reader, text


def _row(sheet, label: str) -> tuple:
    return next(r for r in sheet.iter_rows(values_only=True) if r[0] == label)


def test_xlsx_has_a_sheet_per_level_typed_counts_the_hidden_mark_and_definitions(
    coordinator, landesstelle, office
):
    _consultations(landesstelle, 12, dt.date(YEAR, 2, 3))
    _consultations(office, 3, dt.date(YEAR, 2, 3))
    Target.objects.create(organisation=office, year=YEAR, indicator="consultations", value=20)
    response = login(coordinator).get(
        f"/de/staff/figures/export.xlsx{QUERY}&level=group:{landesstelle.pk}"
    )
    assert response["Content-Disposition"] == (
        'attachment; filename="kausa-figures-20260101-20261231.xlsx"'
    )
    book = _book(response)
    with translation.override("de"):
        group = _("%(name)s with its Servicestellen") % {"name": landesstelle.name}
        expected = [
            group[:31],  # the level asked for first
            "Alle Stellen",
            landesstelle.name,
            office.name,
            _("Targets %(year)s") % {"year": YEAR},
            _("By quarter, %(year)s") % {"year": YEAR},
            _("Breakdowns"),
            _("What each figure counts"),
        ]
    assert book.sheetnames == expected
    first = book.worksheets[0]
    head = [r for r in first.iter_rows(max_row=6, values_only=True)]
    assert head[1][:2] == ("Ebene", group)
    assert head[2][:2] == ("Zeitraum", "2026") and head[2][2] == dt.datetime(YEAR, 1, 1)
    assert head[4][0] == HIDDEN and head[4][1].startswith(LEGEND["de"])
    row = _row(first, _label("consultations", "de"))
    # the coordinator's own 12 is a number; the Servicestelle's 3 is hidden, and so is the
    # total (or 15 - 12 would give it away)
    assert row[2:5] == (12, HIDDEN, HIDDEN)
    assert _row(book[office.name], _label("consultations", "de"))[2] == HIDDEN
    assert _row(book[landesstelle.name], _label("consultations", "de"))[2] == 12
    targets = book[expected[4]]
    assert [c.value for c in targets[1]][:2] == ["Ebene", "Kennzahl"]
    assert any(r[1] == _label("consultations", "de") and 20 in r for r in targets.values)
    definitions = book[expected[-1]]
    assert definitions["A1"].value == "Kennzahl" and definitions.max_row > len(INDICATORS)
    for sheet in book.worksheets:
        for cells in sheet.iter_rows():
            for cell in cells:
                assert cell.data_type != "f"
                assert not (isinstance(cell.value, str) and cell.value.startswith("="))
                if isinstance(cell.value, float):
                    raise AssertionError(f"{cell.coordinate}: counts are whole numbers")


def test_text_that_a_spreadsheet_would_run_stays_text(coordinator, landesstelle, office):
    office.name = "=HYPERLINK(1) [Süd]"
    office.save()
    response = login(coordinator).get(
        f"/en/staff/figures/export.xlsx{QUERY}&level=group:{landesstelle.pk}"
    )
    book = _book(response)
    assert "=HYPERLINK(1) Süd" in book.sheetnames  # no [ ] in a sheet's title
    header = next(row for row in book.worksheets[0].iter_rows() if row[0].value == "Indicator")
    cell = next(c for c in header if c.value == office.name)
    assert cell.data_type == "s" and cell.quotePrefix


def test_an_advisor_gets_one_sheet_for_the_office_and_no_sheet_per_office_beyond_twelve(
    advisor, office, coordinator, landesstelle
):
    book = _book(login(advisor).get(f"/en/staff/figures/export.xlsx{QUERY}"))
    assert book.sheetnames == [
        office.name,
        f"By quarter, {YEAR}",
        "Breakdowns",
        "What each figure counts",
    ]
    OrganisationFactory.create_batch(12, parent=landesstelle)
    book = _book(login(coordinator).get(f"/en/staff/figures/export.xlsx{QUERY}"))
    group = f"{landesstelle.name} with its Servicestellen"[:31]
    assert book.sheetnames[:2] == ["All offices", group]
    assert len(book.sheetnames) == 5


@pytest.mark.parametrize("language", ["de", "en"])
def test_the_pdf_is_a4_with_name_period_indicators_charts_and_legend(language, advisor, office):
    _consultations(office, 12, dt.date(YEAR, 2, 3))
    _consultations(office, 2, dt.date(YEAR, 5, 3))  # 2 in Q2: hidden in a file
    Target.objects.create(organisation=office, year=YEAR, indicator="consultations", value=40)
    response = login(advisor).get(f"/{language}/staff/figures/export.pdf{QUERY}")
    assert response["Content-Disposition"] == (
        'attachment; filename="kausa-figures-20260101-20261231.pdf"'
    )
    reader, text = _pdf_text(response)
    for page in reader.pages:
        assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == (
            595,
            842,
        )
    with translation.override(language):
        title = _("Figures %(period)s") % {"period": YEAR}
        definitions = _("What each figure counts")
        pages = _("Page %(n)s of %(total)s") % {"n": 1, "total": len(reader.pages)}
    assert title in text and office.name in text and definitions in text and pages in text
    assert ("01.01.2026" if language == "de" else "01/01/2026") in text
    assert LEGEND[language] in text
    assert _label("consultations", language).capitalize() in text
    assert HIDDEN in text


def test_a_pdf_with_an_arabic_office_name_renders(advisor, office):
    office.name = "مكتب كاوسا في برلين"
    office.save()
    _consultations(office, 7, dt.date(YEAR, 2, 3))
    for language in ("de", "ar"):
        _reader, text = _pdf_text(login(advisor).get(f"/{language}/staff/figures/export.pdf"))
        assert office.name in text


def test_a_long_table_goes_on_over_pages_with_its_header(coordinator, landesstelle):
    OrganisationFactory.create_batch(9, parent=landesstelle)
    response = login(coordinator).get(
        f"/en/staff/figures/export.pdf{QUERY}&level=group:{landesstelle.pk}"
    )
    reader, text = _pdf_text(response)
    # eleven offices and "together" do not fit one table: it goes on in tables below, and
    # a table that goes on over a page break repeats its header on the new page
    assert all(o.name in text for o in landesstelle.children.all())
    assert text.count("previous period (2025)") >= 1
    assert reader.pages[1].extract_text().startswith("Indicator")


def _csv(response) -> list[list[str]]:
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    text = response.content.decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))


def test_a_csv_per_table(advisor, office):
    _consultations(office, 9, dt.date(YEAR, 2, 3))
    Target.objects.create(organisation=office, year=YEAR, indicator="consultations", value=30)
    client = login(advisor)
    indicators = client.get(f"/en/staff/figures/export.csv{QUERY}")
    assert 'filename="kausa-figures-20260101-20261231.csv"' in indicators["Content-Disposition"]
    assert _csv(indicators)[0][0] == "Indicator"
    response = client.get(f"/en/staff/figures/export.csv{QUERY}&table=targets")
    assert 'filename="kausa-figures-targets-' in response["Content-Disposition"]
    rows = _csv(response)
    assert rows[0] == ["Indicator", "result", "target", "reached (%)", "at this pace"]
    assert rows[1][:4] == ["consultations", "9", "30", "30"]
    assert rows[-1][0] == HIDDEN
    quarters = _csv(client.get(f"/en/staff/figures/export.csv{QUERY}&table=quarters"))
    assert quarters[0] == ["Indicator", "Q1", "Q2", "Q3", "Q4"]
    assert next(r for r in quarters if r[0] == "consultations")[1:] == ["9", "0", "0", "0"]
    assert client.get(f"/en/staff/figures/export.csv{QUERY}&table=nope").status_code == 404
    assert client.get(f"/en/staff/figures/export.docx{QUERY}").status_code == 404


def test_sheet_titles_are_short_unique_and_without_forbidden_characters():
    taken: set[str] = set()
    long = "KAUSA Servicestelle Mitte-Nord mit Zweigstelle"
    titles = [
        sheet_title(name, taken)
        for name in (long, long, "a/b:c*d?e[f]g\\h", "'quoted'", "History", "", "all", "ALL")
    ]
    assert all(len(t) <= 31 for t in titles)
    assert len({t.casefold() for t in titles}) == len(titles)
    assert titles[0] == long[:31].strip() and titles[1].endswith(" (2)")
    assert not any(ch in t for t in titles for ch in "[]:*?/\\")
    assert titles[3] == "quoted" and titles[4] != "History" and titles[5] == "Kausa"
