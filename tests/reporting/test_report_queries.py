"""figures_report costs a fixed number of queries, whatever the number of offices and rows.

One query per indicator answers every office and every window of the two years at once (the
six indicators that count different subjects of consultations share one); the rest is the
user's access, the offices, the offices seen exactly and the year's targets.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kausa.accounts.models import Organisation, User
from kausa.counselling.models import Case, Outcome
from kausa.reporting import periods
from kausa.reporting.indicators import INDICATORS
from kausa.reporting.selectors import figures_report
from tests.counselling.factories import CaseFactory, ConsultationFactory, ReferralFactory
from tests.events.factories import EventFactory, RegistrationFactory
from tests.factories import CompanyFactory, OrganisationFactory, ParentFactory, UserFactory

pytestmark = pytest.mark.django_db

YEAR = 2026
SHARED = 6  # young people advised, new, continuing; parents, companies, migrant-led companies
# besides the counts: memberships, the coordinated offices, the offices counted, the
# offices seen exactly, the targets of the year
OTHER_QUERIES = 5
QUERIES = len(INDICATORS) - SHARED + 1 + OTHER_QUERIES


def _busy(office: Organisation) -> None:
    """A little of everything the indicators count, in both years of the report."""
    for held_on in (dt.date(YEAR - 1, 6, 3), dt.date(YEAR, 2, 3), dt.date(YEAR, 11, 20)):
        case = CaseFactory(organisation=office, opened_on=dt.date(YEAR - 1, 5, 1))
        ConsultationFactory(case=case, held_on=held_on)
        ReferralFactory(case=case, proposed_on=held_on, started_on=held_on)
        Outcome.objects.create(
            organisation=office, case=case, young_person=case.young_person,
            kind=Outcome.Kind.CONTRACT, recorded_on=held_on,
        )  # fmt: skip
    parent = ParentFactory(organisation=office)
    ConsultationFactory(
        case=CaseFactory(organisation=office, kind=Case.Kind.PARENT, parent=parent,
                         young_person=None),
        held_on=dt.date(YEAR, 3, 1),
    )  # fmt: skip
    company = CompanyFactory(organisation=office, migrant_led=True)
    ConsultationFactory(
        case=CaseFactory(organisation=office, kind=Case.Kind.COMPANY, company=company,
                         young_person=None),
        held_on=dt.date(YEAR, 4, 1),
    )  # fmt: skip
    starts = dt.datetime(YEAR, 5, 4, 17, tzinfo=dt.UTC)
    event = EventFactory(organisation=office, starts_at=starts, ends_at=starts)
    RegistrationFactory(event=event, checked_in_at=starts, language="ar", party_size=2)


def _offices(landesstelle: Organisation, count: int) -> None:
    """Servicestellen of the Landesstelle until it has ``count`` offices, each busy."""
    have = Organisation.objects.filter(parent=landesstelle).count() + 1
    for _ in range(count - have):
        _busy(OrganisationFactory(parent=landesstelle))


def _queries(user: User) -> int:
    fresh = User.objects.get(pk=user.pk)  # nothing cached on the object
    with CaptureQueriesContext(connection) as queries:
        report = figures_report(user=fresh, period=periods.year(YEAR), level="all")
    assert report.level == "all"
    return len(queries)


@pytest.mark.parametrize("who", ["coordinator", "superuser"])
def test_the_yearly_report_costs_the_same_queries_for_2_and_6_offices(
    request, landesstelle, office, who
):
    user = (
        request.getfixturevalue("coordinator")
        if who == "coordinator"
        else UserFactory(is_superuser=True, is_staff=True)
    )
    _busy(landesstelle)
    _busy(office)
    few = _queries(user)
    _offices(landesstelle, 6)
    many = _queries(user)

    assert Organisation.objects.filter(parent=landesstelle).count() == 5
    assert few == many
    assert many <= QUERIES


def test_the_number_of_queries_is_pinned(
    coordinator, landesstelle, office, django_assert_num_queries
):
    _offices(landesstelle, 3)
    user = User.objects.get(pk=coordinator.pk)
    with django_assert_num_queries(QUERIES):
        report = figures_report(user=user, period=periods.year(YEAR), level="all")
    assert len(report.offices) == 3
    assert any(line.cells[-1].value for line in report.lines)
