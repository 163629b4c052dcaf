"""reporting.selectors.office_figures: counts per office and quarter, small cells hidden."""

from __future__ import annotations

import datetime as dt

import pytest

from kausa.companies.models import PipelineStage
from kausa.companies.services import pipeline_move, pipeline_start
from kausa.counselling.models import Case, Outcome
from kausa.reporting.selectors import INDICATORS, SMALL, office_figures
from tests.counselling.factories import CaseFactory, ConsultationFactory, ReferralFactory
from tests.events.factories import EventFactory, RegistrationFactory
from tests.factories import CompanyFactory, OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db

YEAR = 2027


def _at(month: int, day: int, year: int = YEAR) -> dt.datetime:
    return dt.datetime(year, month, day, 16, 0, tzinfo=dt.UTC)


def _by_office(figures) -> dict[str, dict[str, list[int]]]:
    return {row.office.name: row.cells for row in figures}


def test_an_advisor_sees_the_own_office_in_full(advisor, office, other_office):
    ConsultationFactory(case=CaseFactory(organisation=office), held_on=dt.date(YEAR, 2, 1))
    ConsultationFactory(case=CaseFactory(organisation=other_office), held_on=dt.date(YEAR, 2, 1))

    (row,) = office_figures(user=advisor, year=YEAR)
    assert row.office == office
    assert not row.suppressed
    assert row.cells["consultations"] == [1, 0, 0, 0]
    assert row.shown("consultations") == ["1", "0", "0", "0"]
    assert [label for label, _cells in row.rows()] == [str(label) for _key, label in INDICATORS]


def test_a_coordinator_sees_its_offices_with_small_cells_hidden(
    coordinator, landesstelle, office, other_office
):
    case = CaseFactory(organisation=office)
    ConsultationFactory.create_batch(2, case=case, held_on=dt.date(YEAR, 1, 10))
    ConsultationFactory.create_batch(SMALL, case=case, held_on=dt.date(YEAR, 5, 10))

    figures = office_figures(user=coordinator, year=YEAR)
    assert {row.office for row in figures} == {landesstelle, office}
    row = next(row for row in figures if row.office == office)
    assert row.suppressed
    assert row.cells["consultations"] == [2, SMALL, 0, 0]
    # Counts from 1 to 4 could name a person; zero and five or more are shown.
    assert row.shown("consultations") == ["<5", str(SMALL), "0", "0"]


def test_a_superuser_sees_every_office_unsuppressed_but_no_partner(
    office, other_office, partner_org
):
    admin = UserFactory(is_superuser=True, is_staff=True)
    figures = office_figures(user=admin, year=YEAR)
    offices = {row.office for row in figures}
    assert {office, other_office} <= offices
    assert partner_org not in offices
    assert not any(row.suppressed for row in figures)


@pytest.mark.parametrize("who", ["partner", "nobody"])
def test_users_without_a_figure_role_see_no_office(request, office, who):
    user = UserFactory() if who == "nobody" else request.getfixturevalue(who)
    assert office_figures(user=user, year=YEAR) == []


def test_people_and_companies_advised_are_counted_once_per_quarter(advisor, office):
    person_case = CaseFactory(organisation=office)
    ConsultationFactory(case=person_case, held_on=dt.date(YEAR, 4, 2))
    ConsultationFactory(case=person_case, held_on=dt.date(YEAR, 5, 3))
    company_case = CaseFactory(
        organisation=office,
        kind=Case.Kind.COMPANY,
        young_person=None,
        company=CompanyFactory(organisation=office),
    )
    ConsultationFactory(case=company_case, held_on=dt.date(YEAR, 6, 30))
    ConsultationFactory(case=company_case, held_on=dt.date(YEAR, 7, 1))

    (row,) = office_figures(user=advisor, year=YEAR)
    assert row.cells["consultations"] == [0, 3, 1, 0]
    assert row.cells["people_advised"] == [0, 1, 0, 0]
    assert row.cells["companies_advised"] == [0, 1, 1, 0]


def test_only_the_asked_year_is_counted(advisor, office):
    case = CaseFactory(organisation=office)
    ConsultationFactory(case=case, held_on=dt.date(YEAR - 1, 12, 31))
    ConsultationFactory(case=case, held_on=dt.date(YEAR, 12, 31))
    ConsultationFactory(case=case, held_on=dt.date(YEAR + 1, 1, 1))

    (row,) = office_figures(user=advisor, year=YEAR)
    assert row.cells["consultations"] == [0, 0, 0, 1]
    (earlier,) = office_figures(user=advisor, year=YEAR - 1)
    assert earlier.cells["consultations"] == [0, 0, 0, 1]


def test_courses_contracts_and_recognitions_are_counted_when_they_happened(advisor, office):
    case = CaseFactory(organisation=office)
    ReferralFactory(case=case, started_on=dt.date(YEAR, 3, 1))
    ReferralFactory(case=case)  # proposed, not started
    ReferralFactory(case=case, kind="jba", started_on=dt.date(YEAR, 3, 1))
    for kind in ("contract", "contract", "school"):
        Outcome.objects.create(
            organisation=office,
            case=case,
            young_person=case.young_person,
            kind=kind,
            recorded_on=dt.date(YEAR, 8, 15),
        )
    pipeline = pipeline_start(user=advisor, company=CompanyFactory(organisation=office))
    pipeline_move(
        user=advisor,
        pipeline=pipeline,
        stage=PipelineStage.RECOGNISED,
        on=dt.date(YEAR, 11, 5),
    )

    (row,) = office_figures(user=advisor, year=YEAR)
    assert row.cells["bsk_started"] == [1, 0, 0, 0]
    assert row.cells["contracts"] == [0, 0, 2, 0]
    assert row.cells["companies_authorised"] == [0, 0, 0, 1]


@pytest.mark.time_machine(dt.datetime(YEAR, 12, 1, 12, 0, tzinfo=dt.UTC))
def test_events_held_and_checked_in_participants(advisor, office):
    held = EventFactory(organisation=office, starts_at=_at(9, 20))
    EventFactory(organisation=office, starts_at=_at(9, 21), status="draft")
    EventFactory(organisation=office, starts_at=_at(9, 22), status="cancelled")  # called off
    EventFactory(organisation=office, starts_at=_at(12, 20))  # later this year: not held yet
    RegistrationFactory(event=held, party_size=3, checked_in_at=_at(9, 20))
    RegistrationFactory(event=held, party_size=1, checked_in_at=_at(9, 20))
    RegistrationFactory(event=held, party_size=2)  # registered, did not come
    RegistrationFactory(event=held, party_size=4, status="cancelled", checked_in_at=_at(9, 20))

    (row,) = office_figures(user=advisor, year=YEAR)
    assert row.cells["events"] == [0, 0, 1, 0]
    assert row.cells["event_participants"] == [0, 0, 4, 0]


def test_an_office_of_another_state_is_listed_after_by_state_then_name(office):
    admin = UserFactory(is_superuser=True, is_staff=True)
    bavaria = OrganisationFactory(name="A Servicestelle", state="BY")
    names = [row.office.name for row in office_figures(user=admin, year=YEAR)]
    assert names.index(office.name) < names.index(bavaria.name)
