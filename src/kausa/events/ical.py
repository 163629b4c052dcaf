"""iCalendar files: one event, an office's feed, personal speed-dating schedules."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from icalendar import Calendar
from icalendar import Event as VEvent


@dataclass(frozen=True)
class CalendarEntry:
    uid: str
    title: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    description: str = ""
    location: str = ""
    url: str = ""


def calendar_bytes(entries: Iterable[CalendarEntry], *, name: str) -> bytes:
    cal = Calendar()
    cal.add("prodid", "-//KAUSA//Kausa events//DE")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", name)
    stamp = dt.datetime.now(dt.UTC)
    for entry in entries:
        item = VEvent()
        item.add("uid", entry.uid)
        item.add("dtstamp", stamp)
        item.add("dtstart", entry.starts_at.astimezone(dt.UTC))
        item.add("dtend", entry.ends_at.astimezone(dt.UTC))
        item.add("summary", entry.title)
        if entry.description:
            item.add("description", entry.description)
        if entry.location:
            item.add("location", entry.location)
        if entry.url:
            item.add("url", entry.url)
        cal.add_component(item)
    return cal.to_ical()
