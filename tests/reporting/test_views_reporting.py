"""The figures page and its CSV/XLSX: levels, periods, files and what another office sees."""

from __future__ import annotations

import csv
import datetime as dt
import io

import openpyxl
import pytest

from kausa.reporting.selectors import HIDDEN
from tests.conftest import login
from tests.counselling.factories import CaseFactory, ConsultationFactory
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db

YEAR = 2026


def _consultations(organisation, n: int, on: dt.date) -> None:
    ConsultationFactory.create_batch(n, case=CaseFactory(organisation=organisation), held_on=on)


def _csv(response) -> list[list[str]]:
    text = response.content.decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))


def test_the_page_shows_indicators_definitions_and_the_previous_period(advisor, office):
    _consultations(office, 2, dt.date(YEAR, 2, 3))
    _consultations(office, 1, dt.date(YEAR - 1, 5, 3))
    response = login(advisor).get(f"/en/staff/figures/?year={YEAR}")
    assert response.status_code == 200
    report = response.context["report"]
    line = next(line for line in report.lines if line.indicator.key == "consultations")
    assert (str(line.cells[0]), str(line.previous), line.change) == ("2", "1", 1)
    html = response.content.decode()
    assert "What each figure counts" in html and "Consultations recorded in the period" in html
    assert 'name="year"' in html


def test_advisor_sees_exact_small_counts_of_own_office(advisor, office):
    _consultations(office, 1, dt.date(YEAR, 2, 3))
    report = (
        login(advisor).get(f"/en/staff/figures/?period=month&year={YEAR}&month=2").context["report"]
    )
    line = next(line for line in report.lines if line.indicator.key == "consultations")
    assert str(line.cells[0]) == "1"


def test_another_office_sees_nothing_of_this_one(other_office_advisor, office, other_office):
    office.name = "Geheime Stelle"
    office.save()
    _consultations(office, 30, dt.date(YEAR, 2, 3))
    response = login(other_office_advisor).get(
        f"/en/staff/figures/?year={YEAR}&level=office:{office.pk}"
    )
    report = response.context["report"]
    assert report.offices == [other_office]
    assert [label for _c, label in report.columns] == [other_office.name]
    assert "Geheime Stelle" not in response.content.decode()
    line = next(line for line in report.lines if line.indicator.key == "consultations")
    assert str(line.cells[0]) == "0"
    export = login(other_office_advisor).get(
        f"/en/staff/figures/export.csv?year={YEAR}&level=office:{office.pk}"
    )
    assert "Geheime Stelle" not in export.content.decode("utf-8-sig")


def test_the_coordinators_own_landesstelle_is_exact_its_servicestellen_are_not(
    coordinator, landesstelle, office
):
    _consultations(landesstelle, 2, dt.date(YEAR, 2, 3))
    _consultations(office, 3, dt.date(YEAR, 2, 3))
    report = (
        login(coordinator)
        .get(f"/en/staff/figures/?year={YEAR}&level=group:{landesstelle.pk}")
        .context["report"]
    )
    line = next(line for line in report.lines if line.indicator.key == "consultations")
    assert [str(c) for c in line.cells] == ["2", HIDDEN, HIDDEN]  # together: 2 + hidden


def test_a_free_range_over_other_offices_falls_back_to_the_year(coordinator, landesstelle, office):
    response = login(coordinator).get(
        "/en/staff/figures/?period=range&from=2026-01-01&to=2026-01-30"
        f"&level=group:{landesstelle.pk}"
    )
    assert response.context["report"].period.kind == "year"
    assert response.context["note"]


def test_csv_and_xlsx_carry_typed_numbers_the_hidden_mark_and_definitions(
    coordinator, landesstelle, office
):
    _consultations(landesstelle, 12, dt.date(YEAR, 2, 3))
    _consultations(office, 3, dt.date(YEAR, 2, 3))
    client = login(coordinator)
    query = f"?year={YEAR}&level=group:{landesstelle.pk}"
    rows = _csv(client.get(f"/de/staff/figures/export.csv{query}"))
    consultations = next(r for r in rows if r[0] == "consultations" or r[0] == "Beratungen")
    # a file leaves the office: the coordinator's own 3 is hidden like anyone's, and so is
    # a partner, or 15 - 12 would give it away
    assert consultations[3] == HIDDEN and HIDDEN in (consultations[2], consultations[4])
    assert "15" in consultations[2:5] or "12" in consultations[2:5]
    assert any(r and r[0] == HIDDEN for r in rows)  # the legend
    assert consultations[-1]  # the definition
    response = client.get(f"/de/staff/figures/export.xlsx{query}")
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).worksheets[0]
    values = list(sheet.iter_rows(values_only=True))
    row = next(r for r in values if r[0] in ("consultations", "Beratungen"))
    shown = [v for v in row[2:5] if v != HIDDEN]
    assert row[3] == HIDDEN and shown and all(isinstance(v, int) for v in shown)


def test_an_unknown_file_type_is_404(advisor):
    assert login(advisor).get("/de/staff/figures/export.doc").status_code == 404


def test_the_page_runs_a_fixed_number_of_queries(
    coordinator, landesstelle, office, django_assert_max_num_queries
):
    for n in range(4):
        sister = OrganisationFactory(parent=landesstelle)
        _consultations(sister, n + 3, dt.date(YEAR, 3, 3))
    _consultations(office, 2, dt.date(YEAR, 3, 3))
    client = login(coordinator)
    client.get(f"/en/staff/figures/?year={YEAR}")  # session, language, caches warmed
    with django_assert_max_num_queries(30):
        response = client.get(f"/en/staff/figures/?period=quarter&year={YEAR}&quarter=1")
    assert response.status_code == 200
