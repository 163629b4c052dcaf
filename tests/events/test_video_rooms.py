"""The video-room provider is configuration; rooms are not guessable and go only to registrants."""

from __future__ import annotations

import pytest

from kausa.events.models import SpeedDatingInterview
from kausa.events.speed_dating.services import speed_dating_schedule
from tests.events.factories import EventFactory, speed_dating_event

pytestmark = pytest.mark.django_db


def test_online_event_room_comes_from_the_configured_provider(settings, office):
    settings.KAUSA_VIDEO_ROOM_BASE_URL = "https://jitsi.kausa-berlin.example/"
    event = EventFactory(organisation=office, is_online=True)
    other = EventFactory(organisation=office, is_online=True)
    assert event.room_url.startswith("https://jitsi.kausa-berlin.example/kausa-")
    assert event.room_url != other.room_url
    key = event.room_url.removeprefix("https://jitsi.kausa-berlin.example/kausa-")
    assert key == event.invite_key and len(key) >= 16  # a random key, not the event number


def test_an_event_may_name_its_own_room_and_offline_events_have_none(settings, office):
    settings.KAUSA_VIDEO_ROOM_BASE_URL = "https://jitsi.kausa-berlin.example/"
    own = EventFactory(
        organisation=office, is_online=True, video_room_url="https://zoom.example/j/1"
    )
    assert own.room_url == "https://zoom.example/j/1"
    assert EventFactory(organisation=office, is_online=False).room_url == ""


def test_speed_dating_interviews_use_the_provider_per_company_room(settings, advisor, office):
    settings.KAUSA_VIDEO_ROOM_BASE_URL = "https://jitsi.kausa-berlin.example/"
    event, _slots, _companies = speed_dating_event(office, people=4, tables=2)
    speed_dating_schedule(user=advisor, event=event)
    urls = {i.video_url for i in SpeedDatingInterview.objects.filter(event=event)}
    assert urls
    assert all(
        u.startswith(f"https://jitsi.kausa-berlin.example/kausa-{event.invite_key}-") for u in urls
    )


def test_the_public_event_page_does_not_show_the_room(client, office):
    event = EventFactory(organisation=office, is_online=True)
    page = client.get(f"/de/events/{event.pk}/").content.decode()
    assert event.room_url not in page
