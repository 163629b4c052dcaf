"""iCalendar files (RFC 5545): one event, an office's feed, personal speed-dating schedules.

- UIDs are globally unique: the caller's local key (``event-12``) plus ``@`` and the host
  of ``KAUSA_SITE_URL``, so two installations never share one.
- ``SEQUENCE`` and ``LAST-MODIFIED`` come from the time the record last changed: a calendar
  that subscribed to the feed replaces its copy when the event moves.
- A cancelled event or interview stays in the feed with ``STATUS:CANCELLED`` (calendars
  then strike it out instead of keeping a meeting that will not happen).
- Texts, the calendar name included, are escaped as TEXT values.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import urlsplit

from icalendar import Calendar, vText
from icalendar import Event as VEvent

from kausa.core.links import site_url

# SEQUENCE counts minutes since this moment: it grows with every change of the record.
SEQUENCE_EPOCH = dt.datetime(2024, 1, 1, tzinfo=dt.UTC)


@dataclass(frozen=True)
class CalendarEntry:
    uid: str  # local key, e.g. "event-12"; the site's host is added
    title: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    description: str = ""
    location: str = ""
    url: str = ""
    changed_at: dt.datetime | None = None
    cancelled: bool = False


def global_uid(local: str) -> str:
    host = urlsplit(site_url()).hostname or "localhost"
    return f"{local.split('@', 1)[0]}@{host}"


def sequence(changed_at: dt.datetime | None) -> int:
    if changed_at is None:
        return 0
    return max(0, int((changed_at - SEQUENCE_EPOCH).total_seconds() // 60))


def calendar_bytes(entries: Iterable[CalendarEntry], *, name: str) -> bytes:
    cal = Calendar()
    cal.add("prodid", "-//KAUSA//Kausa events//DE")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", vText(name))
    cal.add("name", vText(name))  # RFC 7986
    stamp = dt.datetime.now(dt.UTC).replace(microsecond=0)
    for entry in entries:
        item = VEvent()
        item.add("uid", global_uid(entry.uid))
        item.add("dtstamp", stamp)
        item.add("dtstart", entry.starts_at.astimezone(dt.UTC))
        item.add("dtend", entry.ends_at.astimezone(dt.UTC))
        item.add("summary", entry.title)
        item.add("sequence", sequence(entry.changed_at))
        if entry.changed_at is not None:
            item.add("last-modified", entry.changed_at.astimezone(dt.UTC).replace(microsecond=0))
        item.add("status", "CANCELLED" if entry.cancelled else "CONFIRMED")
        if entry.description:
            item.add("description", entry.description)
        if entry.location:
            item.add("location", entry.location)
        if entry.url:
            item.add("url", entry.url)
        cal.add_component(item)
    return cal.to_ical()
