"""Check-in at the door on a flaky connection: the door list and the idempotent batch."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.utils import timezone

from kausa.core.models import AuditEntry
from kausa.events.checkin import services as checkin
from kausa.events.models import Registration
from tests.events.factories import EventFactory, EventGroupFactory, RegistrationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def event(office):
    return EventFactory(organisation=office, capacity=40)


def _post(client, event, items):
    return client.post(
        f"/de/staff/events/{event.pk}/check-in/sync/",
        json.dumps({"check_ins": items}),
        content_type="application/json",
    )


def test_door_list_has_confirmed_seats_only_and_no_contact_data(client, advisor, event):
    group = EventGroupFactory(event=event, name="Arabisch")
    mona = RegistrationFactory(event=event, name="Mona Haddad", party_size=3, group=group)
    RegistrationFactory(event=event, name="Wartend", status=Registration.Status.WAITLISTED)
    RegistrationFactory(event=event, name="Abgesagt", status=Registration.Status.CANCELLED)
    client.force_login(advisor)
    response = client.get(f"/de/staff/events/{event.pk}/check-in/door-list.json")
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    people = response.json()["people"]
    assert people == [
        {
            "code": mona.checkin_code,
            "name": "Mona Haddad",
            "party": 3,
            "group": "Arabisch",
            "in": "",
        }
    ]
    assert "mail.test" not in response.content.decode()
    assert AuditEntry.objects.filter(actor=advisor, detail__startswith="door list").exists()


def test_a_batch_checks_in_keeps_offline_times_and_is_idempotent(client, advisor, event):
    first = RegistrationFactory(event=event, party_size=2)
    second = RegistrationFactory(event=event)
    waiting = RegistrationFactory(event=event, status=Registration.Status.WAITLISTED)
    seen = timezone.now() - dt.timedelta(minutes=40)
    client.force_login(advisor)
    items = [
        {"code": first.checkin_code.lower(), "at": seen.isoformat()},
        {"code": second.checkin_code, "at": "2001-01-01T10:00:00+00:00"},  # implausible
        {"code": waiting.checkin_code},
        {"code": "NQPE2345"},
    ]
    answer = _post(client, event, items).json()
    assert answer["checked_in"] == [first.checkin_code, second.checkin_code]
    assert answer["not_confirmed"] == [waiting.checkin_code]
    assert answer["unknown"] == ["NQPE2345"]
    assert answer["attended"] == 3
    first.refresh_from_db()
    second.refresh_from_db()
    waiting.refresh_from_db()
    assert abs((first.checked_in_at - seen).total_seconds()) < 1
    assert timezone.now() - second.checked_in_at < dt.timedelta(minutes=1)
    assert waiting.checked_in_at is None
    # the phone did not get the answer and sends the same batch again: nothing changes
    again = _post(client, event, items).json()
    assert again["checked_in"] == []
    assert again["already"] == [first.checkin_code, second.checkin_code]
    first.refresh_from_db()
    assert abs((first.checked_in_at - seen).total_seconds()) < 1


def test_codes_of_another_event_or_office_are_not_checked_in(
    client, advisor, event, other_office, office
):
    elsewhere = RegistrationFactory(event=EventFactory(organisation=other_office))
    same_office_other_event = RegistrationFactory(event=EventFactory(organisation=office))
    client.force_login(advisor)
    answer = _post(
        client,
        event,
        [{"code": elsewhere.checkin_code}, {"code": same_office_other_event.checkin_code}],
    ).json()
    assert answer["unknown"] == [elsewhere.checkin_code, same_office_other_event.checkin_code]
    assert not Registration.objects.filter(checked_in_at__isnull=False).exists()


def test_another_office_gets_404_and_changes_nothing(client, other_office_advisor, event):
    registration = RegistrationFactory(event=event)
    client.force_login(other_office_advisor)
    assert client.get(f"/de/staff/events/{event.pk}/check-in/door-list.json").status_code == 404
    assert _post(client, event, [{"code": registration.checkin_code}]).status_code == 404
    registration.refresh_from_db()
    assert registration.checked_in_at is None


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("not json", "not valid JSON"),
        ('{"check_ins": "ABC"}', "at most 500"),
        ('{"check_ins": [{"at": "2026-01-01T10:00:00+00:00"}]}', "needs a code"),
        ('{"check_ins": [17]}', "needs a code"),
        ("[1, 2]", "at most 500"),
    ],
)
def test_bad_batches_get_400_with_a_reason_and_change_nothing(
    client, advisor, event, body, message
):
    registration = RegistrationFactory(event=event)
    client.force_login(advisor)
    response = client.post(
        f"/en/staff/events/{event.pk}/check-in/sync/", body, content_type="application/json"
    )
    assert response.status_code == 400
    assert message in response.json()["detail"]
    registration.refresh_from_db()
    assert registration.checked_in_at is None


def test_a_batch_with_one_bad_item_checks_in_nobody(advisor, event):
    registration = RegistrationFactory(event=event)
    with pytest.raises(Exception, match="needs a code"):
        checkin.check_in_batch(
            user=advisor, event=event, items=[{"code": registration.checkin_code}, {"code": ""}]
        )
    registration.refresh_from_db()
    assert registration.checked_in_at is None


def test_check_in_page_carries_the_offline_script_and_its_words(client, advisor, event):
    client.force_login(advisor)
    response = client.get(f"/ar/staff/events/{event.pk}/check-in/")
    html = response.content.decode()
    assert response["Cache-Control"] == "no-store"
    assert "events-checkin.js" in html
    assert f'data-sync-url="/ar/staff/events/{event.pk}/check-in/sync/"' in html
    assert 'id="checkin-texts"' in html


def test_stray_bytes_in_a_code_are_unknown_not_a_server_error(client, advisor, event):
    registration = RegistrationFactory(event=event)
    client.force_login(advisor)
    answer = _post(client, event, [{"code": "\u0000abc"}, {"code": registration.checkin_code}])
    assert answer.status_code == 200
    assert answer.json()["unknown"] == ["ABC"]
    assert answer.json()["checked_in"] == [registration.checkin_code]


@pytest.mark.parametrize(
    "path",
    [
        "/en/events/registration/ab%00cd/",
        "/en/events/speed-dating/ab%00cd/",
        "/en/staff/events/check-in/AB%00CD/",
        "/en/events/?city=Berlin%00",
    ],
)
def test_a_nul_character_in_the_address_gets_400(client, advisor, path):
    client.force_login(advisor)
    response = client.get(path)
    assert response.status_code == 400
    assert b"NUL" in response.content
