"""Staff set-up pages: groups and time blocks, JUMP! stations, speed-dating slots,
companies and availability (they replace the Django admin for these rows)."""

from __future__ import annotations

import datetime as dt
import itertools
import zoneinfo

import pytest
from django.test import TestCase
from django.utils import timezone

from kausa.core.models import AuditEntry
from kausa.events.models import (
    Event,
    EventGroup,
    Registration,
    SpeedDatingApplicant,
    SpeedDatingCompany,
    SpeedDatingInterview,
    SpeedDatingSlot,
    SpeedDatingWish,
    Station,
)
from kausa.events.speed_dating.setup import slot_times
from tests.conftest import login
from tests.events.factories import (
    EventFactory,
    EventGroupFactory,
    RegistrationFactory,
    StationFactory,
    speed_dating_event,
)
from tests.factories import CompanyFactory

pytestmark = pytest.mark.django_db


def _compute_schedule(client, event):
    """Ask for the schedule on the page; the task computes it after commit (here at once)."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        client.post(f"/en/staff/events/{event.pk}/speed-dating/", {"action": "run"})


BERLIN = zoneinfo.ZoneInfo("Europe/Berlin")
DAY = dt.date.today() + dt.timedelta(days=30)


def at(hour: int, minute: int = 0) -> dt.datetime:
    """A time on the test day in the office's time zone."""
    return dt.datetime.combine(DAY, dt.time(hour, minute), tzinfo=BERLIN)


def local(hour: int, minute: int = 0) -> str:
    """The same time as a datetime-local input sends it."""
    return f"{DAY:%Y-%m-%d}T{hour:02d}:{minute:02d}"


def hm(value: dt.datetime) -> str:
    return f"{timezone.localtime(value):%H:%M}"


@pytest.fixture
def event(office):
    """10:00–16:00."""
    return EventFactory(organisation=office, starts_at=at(10), ends_at=at(16), capacity=50)


@pytest.fixture
def jump(office):
    return EventFactory(
        organisation=office, type=Event.Type.JUMP, starts_at=at(10), ends_at=at(16), capacity=200
    )


@pytest.fixture
def speed(office):
    return EventFactory(
        organisation=office,
        type=Event.Type.SPEED_DATING,
        is_online=True,
        starts_at=at(9),
        ends_at=at(13),
        capacity=100,
    )


def group_data(**overrides):
    return {
        "kind": "time_block",
        "name": "Vormittag",
        "language": "",
        "starts_at": local(10),
        "ends_at": local(12),
        "capacity": "20",
    } | overrides


# --- the event page links to the set-up pages ------------------------------------


def test_event_page_links_to_the_set_up_pages(advisor, event, jump, speed):
    client = login(advisor)
    page = client.get(f"/en/staff/events/{event.pk}/").content.decode()
    assert f"/staff/events/{event.pk}/groups/" in page
    assert "/stations/" not in page and "/set-up/" not in page
    jump_page = client.get(f"/en/staff/events/{jump.pk}/").content.decode()
    assert f"/staff/events/{jump.pk}/stations/" in jump_page
    speed_page = client.get(f"/en/staff/events/{speed.pk}/").content.decode()
    assert f"/staff/events/{speed.pk}/speed-dating/set-up/" in speed_page
    schedule = client.get(f"/en/staff/events/{speed.pk}/speed-dating/").content.decode()
    assert f"/staff/events/{speed.pk}/speed-dating/set-up/" in schedule


# --- groups ----------------------------------------------------------------------


def test_advisor_adds_edits_and_deletes_a_group(advisor, event):
    client = login(advisor)
    url = f"/en/staff/events/{event.pk}/groups/"
    response = client.post(url, group_data())
    assert response.status_code == 302
    group = EventGroup.objects.get(event=event)
    assert (group.kind, group.name, group.capacity) == ("time_block", "Vormittag", 20)
    assert (group.starts_at, group.ends_at) == (at(10), at(12))
    assert "Vormittag" in client.get(url).content.decode()

    edit = f"{url}{group.pk}/"
    assert 'value="Vormittag"' in client.get(edit).content.decode()
    client.post(
        edit,
        group_data(kind="language", name="Arabisch", language="ar", starts_at="", ends_at=""),
    )
    group.refresh_from_db()
    assert (group.kind, group.name, group.language_id, group.starts_at) == (
        "language",
        "Arabisch",
        "ar",
        None,
    )
    assert AuditEntry.objects.filter(object_type="events.eventgroup", action="update").exists()

    client.post(f"{edit}delete/")
    assert not EventGroup.objects.exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"capacity": "0"}, "greater than or equal to 1"),
        ({"starts_at": local(9), "ends_at": local(11)}, "within the event"),
        ({"starts_at": local(15), "ends_at": local(17)}, "within the event"),
        ({"starts_at": local(12), "ends_at": local(11)}, "end must be after the start"),
        ({"starts_at": "", "ends_at": ""}, "time block needs a start and an end"),
        ({"ends_at": ""}, "both start and end"),
        ({"kind": "language", "starts_at": "", "ends_at": ""}, "language of a language group"),
        ({"name": " "}, "This field is required"),
    ],
)
def test_bad_group_reshows_the_form_and_saves_nothing(advisor, event, data, message):
    response = login(advisor).post(f"/en/staff/events/{event.pk}/groups/", group_data(**data))
    assert response.status_code == 200
    page = response.content.decode()
    assert message in page and 'class="field-error"' in page
    assert not EventGroup.objects.exists()


def test_group_seats_cannot_go_below_people_already_confirmed(advisor, event):
    group = EventGroupFactory(event=event, kind="time_block", capacity=10)
    RegistrationFactory(event=event, group=group, party_size=3)
    RegistrationFactory(event=event, group=group, party_size=2)
    RegistrationFactory(event=event, group=group, party_size=4, status="cancelled")
    client = login(advisor)
    url = f"/en/staff/events/{event.pk}/groups/{group.pk}/"
    response = client.post(url, group_data(capacity="4"))
    assert response.status_code == 200
    assert "5 people already have a confirmed seat" in response.content.decode()
    group.refresh_from_db()
    assert (group.capacity, group.name) == (10, "Arabisch")
    assert client.post(url, group_data(capacity="5")).status_code == 302
    group.refresh_from_db()
    assert group.capacity == 5


def test_deleting_a_group_with_registrations_is_refused(advisor, event):
    group = EventGroupFactory(event=event)
    RegistrationFactory(event=event, group=group, status=Registration.Status.CANCELLED)
    client = login(advisor)
    listing = client.get(f"/en/staff/events/{event.pk}/groups/").content.decode()
    assert "cannot be deleted" in listing
    response = client.post(f"/en/staff/events/{event.pk}/groups/{group.pk}/delete/", follow=True)
    assert "cannot be deleted: 1 registrations" in response.content.decode()
    assert EventGroup.objects.filter(pk=group.pk).exists()
    assert Registration.objects.get().group_id == group.pk


def test_a_group_of_another_event_is_not_found(advisor, event, office):
    other_event = EventFactory(organisation=office)
    group = EventGroupFactory(event=other_event)
    client = login(advisor)
    assert client.get(f"/en/staff/events/{event.pk}/groups/{group.pk}/").status_code == 404
    client.post(f"/en/staff/events/{event.pk}/groups/{group.pk}/delete/")
    assert EventGroup.objects.filter(pk=group.pk).exists()


# --- stations --------------------------------------------------------------------


def station_data(**overrides):
    return {
        "kind": "sports_club",
        "company": "",
        "name": "Boxclub Nord",
        "starts_at": local(10),
        "ends_at": local(12),
        "place": "Halle 2",
        "activity": "Boxen ausprobieren",
    } | overrides


def test_advisor_adds_edits_and_deletes_stations(advisor, jump, office):
    company = CompanyFactory(organisation=office, name="Autohaus Yıldız")
    client = login(advisor)
    url = f"/en/staff/events/{jump.pk}/stations/"
    assert "Autohaus Yıldız" in client.get(url).content.decode()  # offered in the select
    client.post(url, station_data())
    client.post(url, station_data(kind="company", company=company.pk, name="", place="Zelt A"))
    firm, club = Station.objects.order_by("kind")  # "company" sorts before "sports_club"
    assert (firm.name, firm.company_id, firm.place) == ("Autohaus Yıldız", company.pk, "Zelt A")
    assert (club.name, club.starts_at, club.ends_at) == ("Boxclub Nord", at(10), at(12))
    page = client.get(url).content.decode()
    assert "Boxclub Nord" in page and "Zelt A" in page

    edit = f"{url}{club.pk}/"
    assert client.get(edit).status_code == 200
    client.post(edit, station_data(starts_at=local(13), ends_at=local(15), activity="Judo"))
    club.refresh_from_db()
    assert (club.starts_at, club.activity) == (at(13), "Judo")

    client.post(f"{edit}delete/")
    assert list(Station.objects.all()) == [firm]
    public = client.get(f"/en/events/{jump.pk}/").content.decode()
    assert "Autohaus Yıldız" in public and "Boxclub Nord" not in public


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"starts_at": local(15), "ends_at": local(17)}, "within the event"),
        ({"name": ""}, "give the station a name"),
        ({"ends_at": ""}, "This field is required"),
    ],
)
def test_bad_station_reshows_the_form_and_saves_nothing(advisor, jump, data, message):
    response = login(advisor).post(f"/en/staff/events/{jump.pk}/stations/", station_data(**data))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Station.objects.exists()


def test_station_takes_only_the_offices_own_companies(advisor, jump, other_office):
    foreign = CompanyFactory(organisation=other_office, name="Fremdfirma")
    client = login(advisor)
    url = f"/en/staff/events/{jump.pk}/stations/"
    assert "Fremdfirma" not in client.get(url).content.decode()
    response = client.post(url, station_data(kind="company", company=foreign.pk))
    assert response.status_code == 200 and "Select a valid choice" in response.content.decode()
    assert not Station.objects.exists()


def test_stations_page_only_for_jump_events(advisor, event):
    assert login(advisor).get(f"/en/staff/events/{event.pk}/stations/").status_code == 404


# --- speed dating: slots ---------------------------------------------------------


def slot_post(**overrides):
    return {
        "action": "slots",
        "slots-starts_at": local(10),
        "slots-ends_at": local(11),
        "slots-minutes": "15",
        "slots-break_minutes": "5",
    } | overrides


def test_slot_times_fit_back_to_back_with_breaks():
    assert [hm(t) for t in slot_times(at(10), at(11), minutes=15, break_minutes=5)] == [
        "10:00",
        "10:20",
        "10:40",
    ]
    assert len(slot_times(at(10), at(11), minutes=20)) == 3
    assert slot_times(at(10), at(10, 10), minutes=15) == []


@pytest.mark.parametrize(
    ("day", "real_hours"),
    [(dt.date(2027, 3, 28), 2), (dt.date(2027, 10, 31), 4)],  # clocks forward / back
)
def test_slots_on_the_days_the_clocks_change_are_real_minutes_apart(day, real_hours):
    berlin = zoneinfo.ZoneInfo("Europe/Berlin")
    start = dt.datetime.combine(day, dt.time(1, 0), tzinfo=berlin)
    end = dt.datetime.combine(day, dt.time(4, 0), tzinfo=berlin)
    times = slot_times(start, end, minutes=15)
    assert len(times) == real_hours * 4
    assert len(set(times)) == len(times)
    gaps = {b - a for a, b in itertools.pairwise(times)}
    assert gaps == {dt.timedelta(minutes=15)}


def test_advisor_generates_slots_from_a_time_window(advisor, speed):
    client = login(advisor)
    url = f"/en/staff/events/{speed.pk}/speed-dating/set-up/"
    response = client.post(url, slot_post(), follow=True)
    slots = list(SpeedDatingSlot.objects.filter(event=speed).order_by("starts_at"))
    assert [(hm(s.starts_at), s.minutes) for s in slots] == [
        ("10:00", 15),
        ("10:20", 15),
        ("10:40", 15),
    ]
    assert "3 slots were added" in response.content.decode()
    # a window right after the last interview ends is fine: 10:55 + 5 min break
    client.post(url, slot_post(**{"slots-starts_at": local(11), "slots-ends_at": local(11, 30)}))
    assert SpeedDatingSlot.objects.filter(event=speed).count() == 4


def test_overlapping_slots_are_refused(advisor, speed):
    client = login(advisor)
    url = f"/en/staff/events/{speed.pk}/speed-dating/set-up/"
    client.post(url, slot_post())
    response = client.post(
        url, slot_post(**{"slots-starts_at": local(10, 50), "slots-ends_at": local(11, 30)})
    )
    assert response.status_code == 200
    assert "would overlap existing slots (10:40)" in response.content.decode()
    assert SpeedDatingSlot.objects.filter(event=speed).count() == 3


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"slots-starts_at": local(8)}, "within the event"),
        ({"slots-ends_at": local(10, 10)}, "shorter than one interview"),
        ({"slots-minutes": "2"}, "greater than or equal to 5"),
        ({"slots-break_minutes": "-1"}, "greater than or equal to 0"),
    ],
)
def test_bad_slot_window_reshows_the_form_and_creates_nothing(advisor, speed, data, message):
    response = login(advisor).post(
        f"/en/staff/events/{speed.pk}/speed-dating/set-up/", slot_post(**data)
    )
    assert response.status_code == 200 and message in response.content.decode()
    assert not SpeedDatingSlot.objects.exists()


def test_slot_without_interviews_is_deleted_one_with_interviews_is_not(advisor, office):
    event, _slots, _companies = speed_dating_event(office, people=6)
    client = login(advisor)
    _compute_schedule(client, event)
    busy = SpeedDatingInterview.objects.filter(event=event).first().slot
    response = client.post(
        f"/en/staff/events/{event.pk}/speed-dating/slots/{busy.pk}/delete/", follow=True
    )
    assert "A company cancels a slot" in response.content.decode()
    assert SpeedDatingSlot.objects.filter(pk=busy.pk).exists()
    free = SpeedDatingSlot.objects.create(
        event=event, starts_at=event.starts_at + dt.timedelta(hours=1)
    )
    client.post(f"/en/staff/events/{event.pk}/speed-dating/slots/{free.pk}/delete/")
    assert not SpeedDatingSlot.objects.filter(pk=free.pk).exists()


def test_speed_set_up_only_for_speed_dating_events(advisor, event):
    assert (
        login(advisor).get(f"/en/staff/events/{event.pk}/speed-dating/set-up/").status_code == 404
    )


# --- speed dating: companies -----------------------------------------------------


def company_post(**overrides):
    return {
        "action": "company",
        "company-company": "",
        "company-name": "",
        "company-email": "",
        "company-tables": "1",
    } | overrides


def test_advisor_adds_companies_from_the_office_or_by_name(advisor, speed, office, other_office):
    known = CompanyFactory(organisation=office, name="Bäckerei Öztürk", contact_email="info@b.test")
    CompanyFactory(organisation=other_office, name="Fremdfirma")
    client = login(advisor)
    url = f"/en/staff/events/{speed.pk}/speed-dating/set-up/"
    page = client.get(url).content.decode()
    assert "Bäckerei Öztürk" in page and "Fremdfirma" not in page
    client.post(url, company_post(**{"company-company": known.pk, "company-tables": "2"}))
    client.post(url, company_post(**{"company-name": "Pflege Plus", "company-email": "hr@p.test"}))
    rows = {c.name: c for c in SpeedDatingCompany.objects.filter(event=speed)}
    assert (rows["Bäckerei Öztürk"].company_id, rows["Bäckerei Öztürk"].email) == (
        known.pk,
        "info@b.test",
    )
    assert rows["Bäckerei Öztürk"].tables == 2
    assert (rows["Pflege Plus"].company_id, rows["Pflege Plus"].email) == (None, "hr@p.test")
    assert rows["Pflege Plus"].organisation_id == office.pk

    again = client.post(url, company_post(**{"company-company": known.pk}))
    assert again.status_code == 200 and "already takes part" in again.content.decode()
    empty = client.post(url, company_post())
    assert (
        empty.status_code == 200 and "Choose a company or type its name" in empty.content.decode()
    )
    rooms = client.post(url, company_post(**{"company-name": "X", "company-tables": "21"}))
    assert rooms.status_code == 200
    assert SpeedDatingCompany.objects.filter(event=speed).count() == 2


def test_advisor_edits_rooms_and_removes_a_company_without_interviews(advisor, office):
    event, _slots, companies = speed_dating_event(office, people=0)
    client = login(advisor)
    url = f"/en/staff/events/{event.pk}/speed-dating/companies/{companies[0].pk}/"
    assert client.get(url).status_code == 200
    client.post(url, {"name": "Betrieb Null", "email": "null@b.test", "tables": "3"})
    companies[0].refresh_from_db()
    assert (companies[0].name, companies[0].email, companies[0].tables) == (
        "Betrieb Null",
        "null@b.test",
        3,
    )
    bad = client.post(url, {"name": "Betrieb Null", "tables": "0"})
    assert bad.status_code == 200 and 'class="field-error"' in bad.content.decode()
    companies[0].refresh_from_db()
    assert companies[0].tables == 3
    client.post(f"{url}delete/")
    assert not SpeedDatingCompany.objects.filter(pk=companies[0].pk).exists()


def test_company_with_interviews_is_not_removed(advisor, office):
    event, _slots, _companies = speed_dating_event(office)
    client = login(advisor)
    _compute_schedule(client, event)
    busy = SpeedDatingInterview.objects.filter(event=event).first().company
    response = client.post(
        f"/en/staff/events/{event.pk}/speed-dating/companies/{busy.pk}/delete/", follow=True
    )
    assert "planned interviews" in response.content.decode()
    assert SpeedDatingCompany.objects.filter(pk=busy.pk).exists()


# --- unavailable slots, honoured by the scheduler --------------------------------


def test_company_unavailable_slot_set_on_the_page_is_honoured_by_the_scheduler(advisor, office):
    event, slots, companies = speed_dating_event(office, people=6, companies=3, slots=3)
    client = login(advisor)
    url = f"/en/staff/events/{event.pk}/speed-dating/companies/{companies[0].pk}/"
    page = client.get(url).content.decode()
    assert f'value="{slots[0].pk}"' in page and 'type="checkbox"' in page
    client.post(
        url,
        {"name": "Betrieb 0", "tables": "1", "unavailable_slots": [slots[0].pk, slots[2].pk]},
    )
    assert set(companies[0].unavailable_slots.all()) == {slots[0], slots[2]}
    _compute_schedule(client, event)
    interviews = SpeedDatingInterview.objects.filter(event=event)
    assert interviews.exists()
    assert not interviews.filter(company=companies[0], slot__in=[slots[0], slots[2]]).exists()
    assert interviews.filter(company=companies[0], slot=slots[1]).exists()


def test_applicant_unavailable_slot_set_on_the_page_is_honoured_by_the_scheduler(advisor, office):
    event, slots, _companies = speed_dating_event(office, people=4, companies=3, slots=3)
    late = SpeedDatingApplicant.objects.filter(event=event).order_by("pk").first()
    client = login(advisor)
    url = f"/en/staff/events/{event.pk}/speed-dating/applicants/{late.pk}/"
    assert late.name in client.get(url).content.decode()
    client.post(url, {"max_interviews": "2", "unavailable_slots": [slots[0].pk, slots[1].pk]})
    assert set(late.unavailable_slots.all()) == {slots[0], slots[1]}
    _compute_schedule(client, event)
    mine = SpeedDatingInterview.objects.filter(applicant=late)
    assert [i.slot_id for i in mine] == [slots[2].pk]  # arrives late: only the last slot


def test_a_busy_slot_cannot_be_closed_for_a_company_and_rooms_lowered_ask_for_a_new_run(
    advisor, office
):
    event, _slots, _companies = speed_dating_event(office, people=6, tables=2)
    client = login(advisor)
    _compute_schedule(client, event)
    interview = SpeedDatingInterview.objects.filter(event=event, room=2).first()
    company = interview.company
    url = f"/en/staff/events/{event.pk}/speed-dating/companies/{company.pk}/"
    response = client.post(
        url, {"name": company.name, "tables": "2", "unavailable_slots": [interview.slot_id]}
    )
    assert response.status_code == 200 and "A company cancels a slot" in response.content.decode()
    assert not company.unavailable_slots.exists()
    response = client.post(url, {"name": company.name, "tables": "1"}, follow=True)
    assert "compute it again" in response.content.decode()
    assert "no longer fit this set-up" in response.content.decode()
    schedule = f"/en/staff/events/{event.pk}/speed-dating/"
    assert "no longer fit this set-up" in client.get(schedule).content.decode()
    _compute_schedule(client, event)
    assert not SpeedDatingInterview.objects.filter(company=company, room=2).exists()
    assert "no longer fit this set-up" not in client.get(schedule).content.decode()


def test_slots_of_another_event_cannot_be_marked(advisor, office):
    event, _slots, companies = speed_dating_event(office, people=0)
    _other, other_slots, _c = speed_dating_event(office, people=0)
    response = login(advisor).post(
        f"/en/staff/events/{event.pk}/speed-dating/companies/{companies[0].pk}/",
        {"name": "Betrieb 0", "tables": "1", "unavailable_slots": [other_slots[0].pk]},
    )
    assert response.status_code == 200
    assert not companies[0].unavailable_slots.exists()


# --- another office --------------------------------------------------------------


def _foreign_urls(office):
    event = EventFactory(organisation=office, starts_at=at(10), ends_at=at(16))
    group = EventGroupFactory(event=event)
    station = StationFactory(event__organisation=office)
    speed, slots, companies = speed_dating_event(office, people=1)
    applicant = speed.speed_applicants.first()
    e, j, s = event.pk, station.event_id, speed.pk
    return [
        f"/en/staff/events/{e}/groups/",
        f"/en/staff/events/{e}/groups/{group.pk}/",
        f"/en/staff/events/{e}/groups/{group.pk}/delete/",
        f"/en/staff/events/{j}/stations/",
        f"/en/staff/events/{j}/stations/{station.pk}/",
        f"/en/staff/events/{j}/stations/{station.pk}/delete/",
        f"/en/staff/events/{s}/speed-dating/set-up/",
        f"/en/staff/events/{s}/speed-dating/slots/{slots[0].pk}/delete/",
        f"/en/staff/events/{s}/speed-dating/companies/{companies[0].pk}/",
        f"/en/staff/events/{s}/speed-dating/companies/{companies[0].pk}/delete/",
        f"/en/staff/events/{s}/speed-dating/applicants/{applicant.pk}/",
    ]


def _snapshot():
    return (
        list(EventGroup.objects.values_list("pk", "name", "capacity")),
        list(Station.objects.values_list("pk", "name", "starts_at")),
        list(SpeedDatingSlot.objects.values_list("pk", "starts_at")),
        list(SpeedDatingCompany.objects.values_list("pk", "name", "tables")),
        list(SpeedDatingApplicant.objects.values_list("pk", "max_interviews")),
    )


def test_another_offices_advisor_gets_404_on_every_set_up_page(other_office_advisor, office):
    urls = _foreign_urls(office)
    before = _snapshot()
    client = login(other_office_advisor)
    post = group_data() | station_data() | slot_post() | {"tables": "5", "max_interviews": "9"}
    for url in urls:
        # delete URLs take POST only: a GET is 405 for everyone, like the other staff actions
        assert client.get(url).status_code == (405 if url.endswith("/delete/") else 404), url
        assert client.post(url, post).status_code == 404, url
        assert client.post(url, company_post(**{"company-name": "Fremd"})).status_code == 404
    assert _snapshot() == before


def test_removing_a_company_young_people_chose_asks_first(advisor, office):
    event, _slots, companies = speed_dating_event(office, people=4)
    chosen = [c for c in companies if SpeedDatingWish.objects.filter(company=c).exists()]
    assert chosen
    page = login(advisor).get(f"/en/staff/events/{event.pk}/speed-dating/set-up/")
    html = page.content.decode()
    wishes = SpeedDatingWish.objects.filter(company=chosen[0]).count()
    assert (
        f"Remove {chosen[0].name}? {wishes} young people chose this company: "
        "their wishes for it are deleted." in html
    )
