"""GET /api/v1/reports/indicators: the figures page's numbers and suppression, for staff."""

from __future__ import annotations

import datetime as dt

import pytest

from kausa.reporting.services import targets_set
from tests.conftest import login
from tests.counselling.factories import CaseFactory, ConsultationFactory
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db

YEAR = 2026
URL = "/api/v1/reports/indicators"


def _consultations(organisation, n: int, on: dt.date) -> None:
    ConsultationFactory.create_batch(n, case=CaseFactory(organisation=organisation), held_on=on)


def _row(body, key="consultations"):
    return next(r for r in body["rows"] if r["indicator"] == key and not r["part"])


def test_anonymous_and_partners_are_refused_with_a_reason(client, partner):
    response = client.get(URL)
    assert response.status_code == 401 and "Log in" in response.json()["detail"]
    response = login(partner).get(URL)
    assert response.status_code == 403 and response.json()["detail"]


def test_the_api_gives_the_pages_numbers_and_hidden_cells_as_null(
    coordinator, landesstelle, office
):
    sister = OrganisationFactory(parent=landesstelle, name="KAUSA Servicestelle B")
    _consultations(office, 3, dt.date(YEAR, 2, 3))
    _consultations(sister, 9, dt.date(YEAR, 2, 3))
    _consultations(landesstelle, 7, dt.date(YEAR, 2, 3))
    targets_set(user=coordinator, office=office, year=YEAR, values={"consultations": 10})
    client = login(coordinator)
    query = f"?level=group&office={landesstelle.pk}&from={YEAR}-01-01&to={YEAR}-12-31"
    body = client.get(URL + query).json()
    page = client.get(f"/de/staff/figures/?year={YEAR}&level=group:{landesstelle.pk}")
    report = page.context["report"]
    line = next(r for r in report.lines if r.indicator.key == "consultations" and not r.part)
    assert body["period"]["kind"] == "year" and body["exact"] is False
    assert _row(body)["values"] == [None if c.hidden else c.value for c in line.cells]
    assert [c["label"] for c in body["columns"]] == [label for _c, label in report.columns]
    assert None in _row(body)["values"] and 7 in _row(body)["values"]  # own Landesstelle exact
    (target,) = body["targets"]
    assert target["target"] == 10 and target["indicator"] == "consultations"


def test_a_calendar_quarter_is_recognised_and_a_free_range_over_other_offices_is_refused(
    coordinator, advisor, landesstelle, office
):
    _consultations(office, 2, dt.date(YEAR, 5, 3))
    body = login(advisor).get(f"{URL}?from={YEAR}-04-01&to={YEAR}-06-30").json()
    assert body["period"]["kind"] == "quarter" and _row(body)["values"] == [2]
    own_range = login(advisor).get(f"{URL}?from={YEAR}-04-10&to={YEAR}-05-20").json()
    assert own_range["period"]["kind"] == "range" and _row(own_range)["values"] == [2]
    refused = login(coordinator).get(f"{URL}?from={YEAR}-04-10&to={YEAR}-05-20")
    assert refused.status_code == 400 and "own offices" in refused.json()["detail"]


def test_bad_input_is_a_4xx_with_a_message(advisor, other_office):
    client = login(advisor)
    for query, status in (
        ("?from=2026-13-01", 422),
        ("?from=2026-05-01&to=2026-04-01", 400),
        ("?level=region", 422),
        (f"?level=office&office={other_office.pk}", 400),
        ("?from=1850-01-01&to=1850-12-31", 400),
    ):
        response = client.get(URL + query)
        assert response.status_code == status, query
        assert response.json()["detail"]
