"""Calling off a speed dating, an event that is over, a cancelled event in the form:
what the office and the people registered notice."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from kausa.events import services
from kausa.events.forms import EventForm
from kausa.events.models import (
    Event,
    Registration,
    SpeedDatingApplicant,
    SpeedDatingCompany,
    SpeedDatingInterview,
)
from kausa.events.speed_dating.services import speed_dating_schedule
from tests.conftest import login
from tests.events.factories import EventFactory, RegistrationFactory, speed_dating_event

pytestmark = pytest.mark.django_db


def test_cancelling_a_speed_dating_tells_young_people_and_companies(
    advisor, office, django_capture_on_commit_callbacks
):
    event, _slots, _companies = speed_dating_event(office, people=3)
    SpeedDatingCompany.objects.filter(event=event).update(email="hr@betrieb.test")
    SpeedDatingApplicant.objects.filter(event=event).update(language="ar")
    first = SpeedDatingApplicant.objects.filter(event=event).order_by("pk").first()
    SpeedDatingApplicant.objects.filter(pk=first.pk).update(email="yasmin@mail.test")
    speed_dating_schedule(user=advisor, event=event)
    assert SpeedDatingInterview.objects.filter(event=event).exists()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.event_cancel(user=advisor, event=event)
    assert not SpeedDatingInterview.objects.filter(event=event).exists()
    to = sorted(m.to[0] for m in mail.outbox)
    assert to.count("hr@betrieb.test") == SpeedDatingCompany.objects.filter(event=event).count()
    assert "yasmin@mail.test" in to
    arabic = next(m for m in mail.outbox if m.to == ["yasmin@mail.test"])
    # in the young person's language (Arabic), with the event's title
    assert "Cancelled" not in arabic.subject and "Azubi-Speed-Dating" in arabic.subject
    assert "KAUSA" in arabic.body and "cancelled the speed dating" not in arabic.body
    # the calendar file strikes out each of her interviews (same UIDs as her schedule's .ics)
    import icalendar

    (name, calendar, mimetype) = arabic.attachments[0]
    assert name == "interviews.ics" and mimetype.startswith("text/calendar")
    cancelled = icalendar.Calendar.from_ical(calendar).walk("VEVENT")
    her = SpeedDatingApplicant.objects.get(pk=first.pk)
    assert cancelled and all(str(e["status"]) == "CANCELLED" for e in cancelled)
    assert all(str(e["uid"]).startswith("speed-") for e in cancelled)
    assert her.pk  # the interviews are gone, the calendar still names them
    page = login(advisor).get(f"/de/events/speed-dating/{first.token}/").content.decode()
    assert "abgesagt" in page.lower() or "cancelled" in page.lower()


def test_an_event_that_is_over_cannot_be_cancelled(advisor, office):
    event = EventFactory(organisation=office, starts_at=timezone.now() - dt.timedelta(days=3))
    RegistrationFactory(event=event)
    client = login(advisor)
    page = client.get(f"/en/staff/events/{event.pk}/").content.decode()
    assert f"/staff/events/{event.pk}/cancel/" not in page
    response = client.post(f"/en/staff/events/{event.pk}/cancel/", follow=True)
    assert "cannot be cancelled any more" in response.content.decode()
    event.refresh_from_db()
    assert event.status == Event.Status.PUBLISHED
    assert Registration.objects.filter(event=event, status="confirmed").count() == 1
    with pytest.raises(ValidationError):
        services.event_cancel(user=advisor, event=event)


def test_a_cancelled_event_cannot_be_published_again_from_the_form(office):
    event = EventFactory(organisation=office, status=Event.Status.CANCELLED)
    form = EventForm(instance=event)
    assert [value for value, _label in form.fields["status"].choices] == ["cancelled"]
    open_event = EventFactory(organisation=office)
    choices = [value for value, _label in EventForm(instance=open_event).fields["status"].choices]
    assert "cancelled" not in choices and "published" in choices
