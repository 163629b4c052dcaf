"""The office records the day an ambassador visited; the figures count visits held."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from kausa.network.models import VisitRequest
from kausa.network.services.ambassadors import visit_request_submit
from kausa.reporting import periods
from kausa.reporting.selectors import figures_report
from tests.conftest import login

pytestmark = pytest.mark.django_db


def _visit(office) -> VisitRequest:
    return visit_request_submit(
        office=office,
        school="Schule am Park",
        contact_name="Frau Demir",
        contact_email="demir@schule.example",
        contact_phone="",
        date_options="im März",
        class_size=22,
        language_codes=(),
        message="",
    )


@time_machine.travel(dt.datetime(2026, 3, 20, 12, tzinfo=dt.UTC), tick=False)
def test_an_advisor_records_the_visit_and_the_figures_count_it(advisor, office):
    visits = [_visit(office) for _ in range(2)]
    client = login(advisor)
    page = client.get("/en/staff/ambassadors/").content.decode()
    assert "Schule am Park" in page and "Visit held on" in page
    response = client.post(
        f"/en/staff/ambassadors/visits/{visits[0].pk}/held/", {"held_on": "2026-03-20"}
    )
    assert response.status_code == 302
    report = figures_report(user=advisor, period=periods.quarter(2026, 1))
    line = {li.indicator.key: li for li in report.lines}
    assert str(line["ambassador_visits"].cells[0]) == "2"
    assert str(line["ambassador_visits_held"].cells[0]) == "1"


@time_machine.travel(dt.datetime(2026, 3, 20, 12, tzinfo=dt.UTC), tick=False)
def test_a_future_day_is_refused_and_changes_nothing(advisor, office, other_office_advisor):
    visit = _visit(office)
    client = login(advisor)
    response = client.post(
        f"/en/staff/ambassadors/visits/{visit.pk}/held/", {"held_on": "2026-04-01"}
    )
    assert response.status_code == 400 and "future" in response.content.decode()
    bad = client.post(f"/en/staff/ambassadors/visits/{visit.pk}/held/", {"held_on": "soon"})
    assert bad.status_code == 400
    other = login(other_office_advisor).post(
        f"/en/staff/ambassadors/visits/{visit.pk}/held/", {"held_on": "2026-03-20"}
    )
    assert other.status_code == 404
    visit.refresh_from_db()
    assert visit.held_on is None
