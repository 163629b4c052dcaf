"""Calendar files by RFC 5545, read back by two independent parsers (icalendar, vobject)."""

from __future__ import annotations

import datetime as dt

import icalendar
import pytest
import vobject
from django.test import Client

from kausa.events.ical import CalendarEntry, calendar_bytes
from tests.events.factories import EventFactory

START = dt.datetime(2026, 3, 28, 17, 0, tzinfo=dt.UTC)


def _entries() -> list[CalendarEntry]:
    return [
        CalendarEntry(
            uid="event-7",
            title="Infoabend, Teil 1; für Eltern",
            starts_at=START,
            ends_at=START + dt.timedelta(hours=2),
            description="Zeile 1\nZeile 2, mit Komma",
            location="Nachbarschaftshaus, Berlin",
            changed_at=dt.datetime(2026, 3, 1, 9, 0, tzinfo=dt.UTC),
        ),
        CalendarEntry(
            uid="event-8",
            title="Abgesagt",
            starts_at=START,
            ends_at=START + dt.timedelta(hours=1),
            changed_at=dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC),
            cancelled=True,
        ),
    ]


@pytest.fixture
def site(settings):
    settings.SITE_URL = "https://kausa.example.org"


def test_two_parsers_read_the_same_calendar(site):
    data = calendar_bytes(_entries(), name="Infoabend, Teil 1")
    parsed = icalendar.Calendar.from_ical(data)
    events = parsed.walk("VEVENT")
    assert [str(e["uid"]) for e in events] == [
        "event-7@kausa.example.org",
        "event-8@kausa.example.org",
    ]
    assert b"\r\nX-WR-CALNAME:Infoabend\\, Teil 1\r\n" in data  # escaped as TEXT
    assert str(events[0]["summary"]) == "Infoabend, Teil 1; für Eltern"
    assert [str(e["status"]) for e in events] == ["CONFIRMED", "CANCELLED"]
    assert events[0]["last-modified"].dt == dt.datetime(2026, 3, 1, 9, 0, tzinfo=dt.UTC)

    other = vobject.readOne(data.decode("utf-8"))
    assert other.x_wr_calname.value == "Infoabend, Teil 1"  # not cut at the comma
    vevents = list(other.vevent_list)
    assert vevents[0].summary.value == "Infoabend, Teil 1; für Eltern"
    assert vevents[0].description.value == "Zeile 1\nZeile 2, mit Komma"
    assert vevents[1].status.value == "CANCELLED"
    assert vevents[0].dtstart.value == START


def test_a_later_change_gets_a_higher_sequence(site):
    first, _ = _entries()
    moved = CalendarEntry(
        **{**first.__dict__, "changed_at": first.changed_at + dt.timedelta(hours=1)}
    )
    seq = [
        int(
            icalendar.Calendar.from_ical(calendar_bytes([e], name="x")).walk("VEVENT")[0][
                "sequence"
            ]
        )
        for e in (first, moved)
    ]
    assert seq[1] > seq[0] > 0


@pytest.mark.django_db
def test_event_download_has_a_uid_on_the_site_domain_whatever_the_host(site):
    event = EventFactory(title="Elternabend, Teil 2")
    uids = set()
    for host in ("localhost", "127.0.0.1"):
        response = Client(HTTP_HOST=host).get(f"/de/events/{event.pk}/event.ics")
        assert response.status_code == 200
        assert response["Content-Type"].startswith("text/calendar")
        card = vobject.readOne(response.content.decode("utf-8"))
        uids.add(card.vevent.uid.value)
        assert card.vevent.sequence.value.isdigit()
        assert card.vevent.summary.value == "Elternabend, Teil 2"
    assert uids == {f"event-{event.pk}@kausa.example.org"}


@pytest.mark.django_db
def test_office_feed_keeps_a_cancelled_event_marked_cancelled(site):
    from kausa.events.models import Event

    kept = EventFactory(title="Elternabend")
    called_off = EventFactory(organisation=kept.organisation, title="Infoabend")
    Event.objects.filter(pk=called_off.pk).update(status=Event.Status.CANCELLED)
    response = Client().get(f"/de/events/office/{kept.organisation.slug}.ics")
    assert response.status_code == 200
    calendar = icalendar.Calendar.from_ical(response.content)
    status = {str(e["summary"]): str(e["status"]) for e in calendar.walk("VEVENT")}
    assert status == {"Elternabend": "CONFIRMED", "Infoabend": "CANCELLED"}
