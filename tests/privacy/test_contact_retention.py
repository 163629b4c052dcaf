"""Contact data held without a case is blanked after the office's retention period."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from kausa.core.models import AuditEntry
from kausa.events.models import Registration, SpeedDatingApplicant
from kausa.events.selectors import event_figures
from kausa.matching.models import AdvisorRequest
from kausa.network.models import Nomination, VisitRequest
from kausa.privacy.contact_retention import ANONYMOUS, contact_retention_apply
from tests.events.factories import EventFactory, RegistrationFactory, speed_dating_event
from tests.matching.factories import offer_at
from tests.network.factories import AmbassadorFactory, edition_with_criteria, nomination

pytestmark = pytest.mark.django_db

NAMES = [
    "Mona Haddad",
    "mona@mail.test",
    "0151 2345678",
    "Sami Nasser",
    "Anna Muster",
    "Olga Iwanowa",
    "0170 555",
]


def _all_text() -> str:
    """Every text column of the tables concerned, as one string."""
    tables = [
        Registration._meta.db_table,
        SpeedDatingApplicant._meta.db_table,
        AdvisorRequest._meta.db_table,
        Nomination._meta.db_table,
        VisitRequest._meta.db_table,
    ]
    out = []
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"SELECT * FROM {table}")  # noqa: S608 - fixed table names
            out.extend(str(v) for row in cursor.fetchall() for v in row)
    return " ".join(out)


@pytest.fixture
def held(office, advisor):
    office.retention_days = 90
    office.save()
    now = timezone.now()
    event = EventFactory(organisation=office, starts_at=now - dt.timedelta(days=100), capacity=10)
    event.ends_at = event.starts_at + dt.timedelta(hours=2)
    event.save()
    RegistrationFactory(
        event=event,
        name="Mona Haddad",
        email="mona@mail.test",
        phone="0151 2345678",
        party_size=3,
        language="ar",
        checked_in_at=event.starts_at,
    )
    RegistrationFactory(event=event, name="Olga Iwanowa", email="", phone="0170 555")
    speed, _slots, _companies = speed_dating_event(office, people=2)
    SpeedDatingApplicant.objects.filter(event=speed).update(name="Sami Nasser")
    speed.starts_at = now - dt.timedelta(days=120)
    speed.ends_at = speed.starts_at + dt.timedelta(hours=3)
    speed.save()
    offer = offer_at(office)
    with time_machine.travel(now - dt.timedelta(days=95)):
        AdvisorRequest.objects.create(
            organisation=office,
            offer=offer,
            name="Mona Haddad",
            email="mona@mail.test",
            message="Bitte rufen Sie mich an: 0151 2345678",
            consent_given_at=timezone.now(),
            consent_text_version="1",
        )
        VisitRequest.objects.create(
            organisation=office,
            ambassador=AmbassadorFactory(organisation=office),
            school="Gesamtschule Mitte",
            contact_name="Sami Nasser",
            contact_email="mona@mail.test",
            contact_phone="0151 2345678",
            date_options="Mai",
            class_size=20,
        )
    edition = edition_with_criteria(office, open_now=False)
    Edition = type(edition)
    Edition.objects.filter(pk=edition.pk).update(
        nomination_opens=now.date() - dt.timedelta(days=120),
        nomination_closes=now.date() - dt.timedelta(days=91),
    )
    edition.refresh_from_db()
    nomination(edition)
    return {"event": event, "speed": speed}


def test_contact_data_is_blanked_after_the_retention_period_counts_stay(held, advisor):
    before = event_figures(user=advisor, event_id=held["event"].pk)
    assert all(name in _all_text() for name in NAMES)
    report = contact_retention_apply()
    assert report.counts == {
        "event registrations": 2,
        "speed-dating sign-ups": 2,
        "contact requests": 1,
        "award nominations": 1,
        "visit requests": 1,
    }
    text = _all_text()
    for name in NAMES:
        assert name not in text
    after = event_figures(user=advisor, event_id=held["event"].pk)
    assert (
        (after.registered, after.attended, after.languages)
        == (
            before.registered,
            before.attended,
            before.languages,
        )
        == (4, 3, {"ar": 3, "de": 1})
    )
    rows = Registration.objects.filter(event=held["event"]).values_list("name", "email", "phone")
    assert set(rows) == {(ANONYMOUS, "", "")}
    # the audit log says what and how many, never whom
    entries = AuditEntry.objects.filter(detail__startswith="retention:")
    assert entries.count() == 5
    assert not any(name in e.detail for e in entries for name in NAMES)
    # a second run has nothing left to do
    assert contact_retention_apply().total == 0


def test_nothing_is_blanked_before_the_period_is_over(held, office):
    office.retention_days = 400
    office.save()
    assert contact_retention_apply().total == 0
    assert all(name in _all_text() for name in NAMES)


def test_upcoming_events_and_other_offices_keep_their_data(held, office, other_office):
    upcoming = RegistrationFactory(event=EventFactory(organisation=office), name="Lina Kovalenko")
    other_office.retention_days = 3650
    other_office.save()
    long_ago = EventFactory(
        organisation=other_office, starts_at=timezone.now() - dt.timedelta(days=200)
    )
    long_ago.ends_at = long_ago.starts_at + dt.timedelta(hours=1)
    long_ago.save()
    kept = RegistrationFactory(event=long_ago, name="Olena Demir")
    contact_retention_apply()
    upcoming.refresh_from_db()
    kept.refresh_from_db()
    assert (upcoming.name, kept.name) == ("Lina Kovalenko", "Olena Demir")


def test_the_daily_command_reports_what_it_blanked(held, capsys):
    call_command("apply_retention")
    out = capsys.readouterr().out
    assert "Blanked the contact data of 2 event registrations." in out
    assert "Blanked the contact data of 2 speed-dating sign-ups." in out
