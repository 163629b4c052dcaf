"""reporting.selectors.figures_report: indicators per office, Landesstelle and period."""

from __future__ import annotations

import datetime as dt

import pytest

from kausa.companies.models import PipelineStage
from kausa.companies.services import pipeline_move, pipeline_start
from kausa.counselling.models import Case, Outcome
from kausa.reporting import periods
from kausa.reporting.indicators import INDICATORS
from kausa.reporting.selectors import HIDDEN, RangeNotAllowed, figures_report
from tests.counselling.factories import CaseFactory, ConsultationFactory, ReferralFactory
from tests.events.factories import EventFactory, RegistrationFactory
from tests.factories import CompanyFactory, OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _german():
    """Labels are translated when the report is built: in German, whatever language an
    earlier test of this process left active."""
    from django.utils import translation

    with translation.override("de"):
        yield


YEAR = 2027


def _at(month: int, day: int, year: int = YEAR) -> dt.datetime:
    return dt.datetime(year, month, day, 16, 0, tzinfo=dt.UTC)


def _values(report, key: str, part: str = "") -> list[str]:
    line = next(line for line in report.lines if line.indicator.key == key and line.part == part)
    return [str(cell) for cell in line.cells]


def _line(report, key: str, part: str = ""):
    return next(line for line in report.lines if line.indicator.key == key and line.part == part)


def test_an_advisor_sees_the_own_office_exactly_and_no_other(advisor, office, other_office):
    ConsultationFactory(case=CaseFactory(organisation=office), held_on=dt.date(YEAR, 2, 1))
    ConsultationFactory(case=CaseFactory(organisation=other_office), held_on=dt.date(YEAR, 2, 1))

    report = figures_report(user=advisor, period=periods.quarter(YEAR, 1))
    assert report.offices == [office]
    assert [label for _column, label in report.columns] == [office.name]
    assert _values(report, "consultations") == ["1"]
    assert _values(report, "people_advised") == ["1"]
    assert not report.any_hidden and report.exact


def test_every_indicator_has_a_line_and_a_definition(advisor, office):
    report = figures_report(user=advisor, period=periods.year(YEAR))
    keys = [line.indicator.key for line in report.lines if not line.is_part]
    assert keys == [indicator.key for indicator in INDICATORS]
    assert all(str(indicator.definition) for indicator in INDICATORS)


def test_a_superuser_sees_every_office_exactly_but_no_partner(office, other_office, partner_org):
    admin = UserFactory(is_superuser=True, is_staff=True)
    ConsultationFactory(case=CaseFactory(organisation=office), held_on=dt.date(YEAR, 2, 1))
    report = figures_report(user=admin, period=periods.year(YEAR))
    assert {office, other_office} <= set(report.offices)
    assert partner_org not in report.offices
    assert not report.any_hidden


@pytest.mark.parametrize("who", ["partner", "nobody"])
def test_users_without_a_figure_role_see_no_office(request, office, who):
    user = UserFactory() if who == "nobody" else request.getfixturevalue(who)
    assert figures_report(user=user, period=periods.year(YEAR)).offices == []


def test_people_and_companies_advised_are_counted_once_per_period(advisor, office):
    person_case = CaseFactory(organisation=office, opened_on=dt.date(YEAR, 4, 1))
    ConsultationFactory(case=person_case, held_on=dt.date(YEAR, 4, 2))
    ConsultationFactory(case=person_case, held_on=dt.date(YEAR, 5, 3))
    company_case = CaseFactory(
        organisation=office,
        kind=Case.Kind.COMPANY,
        young_person=None,
        company=CompanyFactory(organisation=office, migrant_led=True),
    )
    ConsultationFactory(case=company_case, held_on=dt.date(YEAR, 6, 30))
    ConsultationFactory(case=company_case, held_on=dt.date(YEAR, 7, 1))

    q2 = figures_report(user=advisor, period=periods.quarter(YEAR, 2))
    assert _values(q2, "consultations") == ["3"]
    assert _values(q2, "people_advised") == ["1"]
    assert _values(q2, "people_new") == ["1"]
    assert _values(q2, "people_continuing") == ["0"]
    assert _values(q2, "companies_advised") == ["1"]
    assert _values(q2, "migrant_led_advised") == ["1"]
    q3 = figures_report(user=advisor, period=periods.quarter(YEAR, 3))
    assert _values(q3, "people_advised") == ["0"]
    assert _values(q3, "companies_advised") == ["1"]
    year = figures_report(user=advisor, period=periods.year(YEAR))
    assert _values(year, "companies_advised") == ["1"]  # once a year, not once a quarter
    assert _values(year, "consultations") == ["4"]


def test_a_person_advised_before_the_period_is_continuing(advisor, office):
    case = CaseFactory(organisation=office, opened_on=dt.date(YEAR - 1, 11, 1))
    ConsultationFactory(case=case, held_on=dt.date(YEAR - 1, 11, 2))
    ConsultationFactory(case=case, held_on=dt.date(YEAR, 1, 20))
    report = figures_report(user=advisor, period=periods.month(YEAR, 1))
    assert (_values(report, "people_new"), _values(report, "people_continuing")) == (["0"], ["1"])
    line = _line(report, "people_advised")
    assert (str(line.previous), line.change) == ("0", 1)  # December before


def test_only_the_asked_period_is_counted_and_compared_with_the_one_before(advisor, office):
    case = CaseFactory(organisation=office)
    ConsultationFactory(case=case, held_on=dt.date(YEAR - 1, 12, 31))
    ConsultationFactory(case=case, held_on=dt.date(YEAR, 12, 31))
    ConsultationFactory(case=case, held_on=dt.date(YEAR + 1, 1, 1))

    report = figures_report(user=advisor, period=periods.year(YEAR))
    line = _line(report, "consultations")
    assert (str(line.cells[0]), str(line.previous), line.change) == ("1", "1", 0)
    q4 = figures_report(user=advisor, period=periods.quarter(YEAR, 4))
    assert _values(q4, "consultations") == ["1"]


def test_courses_contracts_and_recognitions_are_counted_when_they_happened(advisor, office):
    case = CaseFactory(organisation=office)
    ReferralFactory(case=case, proposed_on=dt.date(YEAR, 2, 1), started_on=dt.date(YEAR, 3, 1))
    ReferralFactory(case=case, proposed_on=dt.date(YEAR, 2, 1))  # proposed, not started
    ReferralFactory(
        case=case,
        proposed_on=dt.date(YEAR, 1, 5),
        started_on=dt.date(YEAR, 1, 10),
        ended_on=dt.date(YEAR, 6, 1),
        status="completed",
        exam_on=dt.date(YEAR, 6, 2),
        exam_result="passed",
    )
    ReferralFactory(case=case, kind="jba", started_on=dt.date(YEAR, 3, 1))
    for kind in ("contract", "contract", "school"):
        Outcome.objects.create(
            organisation=office,
            case=case,
            young_person=case.young_person,
            kind=kind,
            recorded_on=dt.date(YEAR, 8, 15),
        )
    for history in ("paused", "never", "never", ""):
        company = CompanyFactory(organisation=office, training_history=history)
        pipeline = pipeline_start(user=advisor, company=company)
        pipeline_move(
            user=advisor, pipeline=pipeline, stage=PipelineStage.RECOGNISED, on=dt.date(YEAR, 11, 5)
        )

    report = figures_report(user=advisor, period=periods.year(YEAR))
    assert _values(report, "bsk_started") == ["2"]
    assert _values(report, "bsk_completed") == ["1"]
    assert _values(report, "bsk_exams_passed") == ["1"]
    assert _values(report, "contracts") == ["2"]
    assert _values(report, "companies_recognised") == ["4"]
    # first time / after a pause / not recorded: parts that add up to the whole
    assert _values(report, "companies_recognised", "never") == ["2"]
    assert _values(report, "companies_recognised", "paused") == ["1"]
    assert _values(report, "companies_recognised", "unknown") == ["1"]


@pytest.mark.time_machine(dt.datetime(YEAR, 12, 1, 12, 0, tzinfo=dt.UTC))
def test_events_held_by_type_and_checked_in_participants_by_language(advisor, office):
    held = EventFactory(organisation=office, starts_at=_at(9, 20), type="jump")
    EventFactory(organisation=office, starts_at=_at(9, 21), status="draft")
    EventFactory(organisation=office, starts_at=_at(9, 22), status="cancelled")  # called off
    EventFactory(organisation=office, starts_at=_at(12, 20))  # later this year: not held yet
    RegistrationFactory(event=held, party_size=3, checked_in_at=_at(9, 20), language="ar")
    RegistrationFactory(event=held, party_size=1, checked_in_at=_at(9, 20), language="de")
    RegistrationFactory(event=held, party_size=2)  # registered, did not come
    RegistrationFactory(event=held, party_size=4, status="cancelled", checked_in_at=_at(9, 20))

    report = figures_report(user=advisor, period=periods.quarter(YEAR, 3))
    assert _values(report, "events") == ["1"]
    assert _values(report, "events", "jump") == ["1"]
    assert _values(report, "participants") == ["4"]
    assert _values(report, "participants", "ar") == ["3"]
    assert _values(report, "participants", "de") == ["1"]


def test_a_coordinator_sees_the_landesstelle_with_subtotal_and_small_cells_hidden(
    coordinator, landesstelle, office
):
    sister = OrganisationFactory(name="KAUSA Servicestelle C", parent=landesstelle)
    case = CaseFactory(organisation=office)
    ConsultationFactory.create_batch(2, case=case, held_on=dt.date(YEAR, 1, 10))
    ConsultationFactory.create_batch(
        7, case=CaseFactory(organisation=sister), held_on=dt.date(YEAR, 1, 11)
    )
    ConsultationFactory.create_batch(
        9, case=CaseFactory(organisation=landesstelle), held_on=dt.date(YEAR, 1, 12)
    )

    report = figures_report(
        user=coordinator, period=periods.quarter(YEAR, 1), level="group", unit=landesstelle.pk
    )
    labels = [label for _column, label in report.columns]
    assert labels == [landesstelle.name, office.name, sister.name, "zusammen"]
    values = _values(report, "consultations")
    # the coordinator's own Landesstelle exactly; the 2 hidden, and so is a second cell,
    # else 18 - 9 - 7 would give it away
    assert values[0] == "9"
    assert values[1] == HIDDEN
    assert values.count(HIDDEN) >= 2


def test_a_free_range_across_other_offices_is_refused(coordinator, landesstelle, office):
    with pytest.raises(RangeNotAllowed):
        figures_report(
            user=coordinator,
            period=periods.date_range(dt.date(YEAR, 1, 1), dt.date(YEAR, 1, 30)),
            level="group",
            unit=landesstelle.pk,
        )
    own = figures_report(
        user=coordinator,
        period=periods.date_range(dt.date(YEAR, 1, 1), dt.date(YEAR, 1, 30)),
        level="office",
        unit=landesstelle.pk,
    )
    assert own.exact and own.previous.end == dt.date(YEAR - 1, 12, 31)


def test_an_office_without_a_landesstelle_is_its_own_group(office, other_office):
    admin = UserFactory(is_superuser=True, is_staff=True)
    bavaria = OrganisationFactory(name="A Servicestelle", state="BY")
    report = figures_report(user=admin, period=periods.year(YEAR))
    heads = [g.head for g in report.groups]
    assert bavaria in heads and other_office in heads and office not in heads
    assert report.columns[-1][1] == "alle Stellen"
