"""Yearly targets: who sets them, how the figures compare the year with them, the pace."""

from __future__ import annotations

import datetime as dt
import re

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError

from kausa.core.models import AuditEntry
from kausa.reporting import periods
from kausa.reporting.models import Target
from kausa.reporting.selectors import HIDDEN, figures_report
from kausa.reporting.services import targets_set
from tests.conftest import login
from tests.counselling.factories import CaseFactory, ConsultationFactory
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db

YEAR = 2026


def _consultations(organisation, n: int, on: dt.date) -> None:
    ConsultationFactory.create_batch(n, case=CaseFactory(organisation=organisation), held_on=on)


def test_a_coordinator_sets_targets_of_the_servicestellen_and_it_is_audited(coordinator, office):
    changed = targets_set(
        user=coordinator, office=office, year=YEAR, values={"consultations": 400, "contracts": 20}
    )
    assert changed == 2
    assert dict(Target.objects.values_list("indicator", "value")) == {
        "consultations": 400,
        "contracts": 20,
    }
    # clearing one, keeping the other unchanged: one change
    assert (
        targets_set(
            user=coordinator,
            office=office,
            year=YEAR,
            values={"consultations": 400, "contracts": None},
        )
        == 1
    )
    assert list(Target.objects.values_list("indicator", flat=True)) == ["consultations"]
    entry = AuditEntry.objects.filter(object_type="reporting.target").latest("pk")
    assert entry.organisation_id == office.pk and "contracts=" in entry.detail


def test_an_advisor_or_another_office_cannot_set_targets(advisor, office, other_office, org_admin):
    with pytest.raises(PermissionDenied):
        targets_set(user=advisor, office=office, year=YEAR, values={"consultations": 1})
    with pytest.raises(PermissionDenied):
        targets_set(user=org_admin, office=other_office, year=YEAR, values={"consultations": 1})
    targets_set(user=org_admin, office=office, year=YEAR, values={"consultations": 1})
    with pytest.raises(ValidationError):
        targets_set(user=org_admin, office=office, year=YEAR, values={"no_such_thing": 1})
    assert Target.objects.count() == 1


@time_machine.travel(dt.datetime(YEAR, 7, 2, 12, tzinfo=dt.UTC), tick=False)
def test_the_report_shows_result_target_share_and_the_pace(coordinator, advisor, office):
    targets_set(user=coordinator, office=office, year=YEAR, values={"consultations": 20})
    _consultations(office, 6, dt.date(YEAR, 2, 3))
    _consultations(office, 2, dt.date(YEAR, 5, 3))
    report = figures_report(user=advisor, period=periods.quarter(YEAR, 1))
    (line,) = report.targets
    # the year so far (8), not the quarter asked for; half of the year has passed
    assert (line.result.value, line.target, line.share) == (8, 20, 40)
    assert 0.49 < report.year_elapsed < 0.51
    assert line.projection == 16 and line.on_pace is False
    assert [
        c.value
        for c in next(s for s in report.series if s.indicator.key == "consultations").quarters
    ] == [6, 2, 0, 0]


def test_targets_of_a_landesstelle_add_up_and_hidden_results_give_no_share(
    coordinator, landesstelle, office
):
    sister = OrganisationFactory(parent=landesstelle)
    targets_set(user=coordinator, office=office, year=YEAR, values={"consultations": 10})
    targets_set(user=coordinator, office=sister, year=YEAR, values={"consultations": 5})
    _consultations(sister, 2, dt.date(YEAR, 2, 3))
    report = figures_report(
        user=coordinator, period=periods.year(YEAR), level="office", unit=sister.pk
    )
    (line,) = report.targets
    assert line.target == 5 and line.result.hidden and line.share is None
    report = figures_report(user=coordinator, period=periods.year(YEAR), level="all")
    (line,) = report.targets
    assert line.target == 15


def test_the_targets_page_saves_and_rejects_bad_numbers(coordinator, office):
    client = login(coordinator)
    url = f"/en/staff/figures/targets/?office={office.pk}&year={YEAR}"
    page = client.get(url)
    assert page.status_code == 200 and "young people advised" in page.content.decode()
    bad = client.post(url, {"consultations": "-3", "contracts": "many"})
    assert bad.status_code == 400
    html = bad.content.decode()
    assert "data-error-summary" in html and 'href="#id_consultations"' in html
    assert not Target.objects.exists()
    ok = client.post(url, {"consultations": "300"}, follow=True)
    assert ok.status_code == 200 and "1 target saved" in ok.content.decode()
    assert Target.objects.get().value == 300
    figures = client.get(f"/en/staff/figures/?year={YEAR}&level=office:{office.pk}")
    html = figures.content.decode()
    assert "Targets 2026" in html and "300" in html


def test_an_advisor_has_no_targets_page(advisor):
    assert login(advisor).get("/en/staff/figures/targets/").status_code == 403


def test_charts_are_svg_images_with_their_numbers_in_text_and_a_table(advisor, office):
    _consultations(office, 7, dt.date(YEAR, 4, 3))
    html = login(advisor).get(f"/en/staff/figures/?year={YEAR}").content.decode()
    svgs = re.findall(r"<svg.*?</svg>", html, re.S)
    svg = next((m for m in svgs if 'aria-labelledby="chart-consultations-t' in m), None)
    assert svg, "the consultations chart"
    chart = svg
    assert 'role="img"' in chart and "Q2: 7" in chart  # the description reads the values
    assert "<canvas" not in html


def test_files_hide_the_viewers_own_small_counts_and_never_show_what_the_page_hides(
    coordinator, landesstelle, office
):
    _consultations(landesstelle, 12, dt.date(YEAR, 2, 3))
    _consultations(office, 3, dt.date(YEAR, 2, 3))
    _consultations(landesstelle, 2, dt.date(YEAR, 5, 3))
    period = periods.year(YEAR)
    page = figures_report(user=coordinator, period=period, level="group", unit=landesstelle.pk)
    file = figures_report(
        user=coordinator, period=period, level="group", unit=landesstelle.pk, published=True
    )
    assert not file.exact
    for page_line, file_line in zip(page.lines, file.lines, strict=True):
        for shown, published in zip(page_line.cells, file_line.cells, strict=True):
            assert published.hidden or not shown.hidden
    series = next(s for s in file.series if s.indicator.key == "consultations")
    assert str(series.quarters[1]) == HIDDEN  # the Landesstelle's own 2 in Q2
