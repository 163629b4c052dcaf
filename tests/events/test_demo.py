from __future__ import annotations

import random

import pytest

from kausa.demo import events as demo
from kausa.demo.generator import demo_create
from kausa.events.models import Event, Registration, SpeedDatingInterview
from kausa.events.registration.services import seats_taken
from kausa.events.speed_dating import scheduling
from kausa.events.speed_dating import services as speed_services

pytestmark = pytest.mark.django_db


def test_demo_has_every_event_type_and_is_idempotent():
    demo_create()
    upcoming = Event.objects.filter(is_public=True, status="published")
    assert set(upcoming.values_list("type", flat=True)) == set(Event.Type.values)
    bilingual = Event.objects.get(title=demo.MARKER)
    assert bilingual.is_online
    assert set(bilingual.languages.values_list("code", flat=True)) == {"de", "ar"}
    assert bilingual.text_for("ar")[0] != bilingual.title
    assert Event.objects.get(type="jump").stations.filter(kind="sports_club").exists()
    waiting = Registration.objects.filter(status="waitlisted").values_list("event", flat=True)
    full = Event.objects.get(pk=waiting[0])
    assert full.capacity - seats_taken(full.pk) <= 2
    for event in Event.objects.all():
        assert seats_taken(event.pk) <= event.capacity
    speed = Event.objects.get(type="speed_dating")
    problem = speed_services.speed_dating_problem(speed)
    rows = list(SpeedDatingInterview.objects.filter(event=speed))
    assert rows
    assert scheduling.validate(problem.instance, problem.interviews_from_rows(rows)) == []
    count = Event.objects.count()
    assert demo.extend(random.Random(1)) == {}
    assert Event.objects.count() == count
