from __future__ import annotations

import pytest
from django.test import Client
from icalendar import Calendar

from kausa.events.models import SpeedDatingApplicant, SpeedDatingInterview
from kausa.events.speed_dating import scheduling
from kausa.events.speed_dating import services as speed_services
from tests.conftest import login
from tests.events.factories import speed_dating_event

pytestmark = pytest.mark.django_db


def test_staff_runs_the_scheduler_and_stores_a_valid_optimal_schedule(
    advisor, office, django_capture_on_commit_callbacks
):
    event, _slots, _companies = speed_dating_event(office)
    client = login(advisor)
    # the request only asks; the task solves after commit (in tests at once)
    with django_capture_on_commit_callbacks(execute=True) as queued:
        response = client.post(f"/en/staff/events/{event.pk}/speed-dating/", {"action": "run"})
    assert response.status_code == 302
    assert "speed_dating_solve" in repr(queued[0])  # then the mails to everyone
    rows = list(SpeedDatingInterview.objects.filter(event=event))
    problem = speed_services.speed_dating_problem(event)
    interviews = problem.interviews_from_rows(rows)
    assert scheduling.validate(problem.instance, interviews) == []
    best = scheduling.solve(problem.instance).score
    assert scheduling.evaluate(problem.instance, interviews) == best
    # 6 people, 3 companies x 3 slots x 1 room = 9 seats; everyone gets an interview
    assert best.served == 6
    page = client.get(f"/en/staff/events/{event.pk}/speed-dating/").content.decode()
    assert "optimal" in page and "Betrieb 0" in page
    assert "The schedule was saved." in page


def test_company_cancels_a_slot_and_other_interviews_stay(
    advisor, office, django_capture_on_commit_callbacks
):
    event, _slots, _companies = speed_dating_event(office, people=5)
    speed_services.speed_dating_schedule(user=advisor, event=event)
    before = {
        (r.applicant_id, r.company_id, r.slot_id, r.room)
        for r in SpeedDatingInterview.objects.filter(event=event)
    }
    target = SpeedDatingInterview.objects.filter(event=event).first()
    with django_capture_on_commit_callbacks(execute=True):
        login(advisor).post(
            f"/en/staff/events/{event.pk}/speed-dating/",
            {"action": "cancel_slot", "company": target.company_id, "slot": target.slot_id},
        )
    after = {
        (r.applicant_id, r.company_id, r.slot_id, r.room)
        for r in SpeedDatingInterview.objects.filter(event=event)
    }
    untouched = {x for x in before if (x[1], x[2]) != (target.company_id, target.slot_id)}
    assert untouched <= after
    assert not any((x[1], x[2]) == (target.company_id, target.slot_id) for x in after)


def test_the_page_shows_the_run_being_computed_and_polls_until_it_is_done(
    advisor, office, django_capture_on_commit_callbacks
):
    event, _slots, _companies = speed_dating_event(office)
    client = login(advisor)
    url = f"/en/staff/events/{event.pk}/speed-dating/"
    with django_capture_on_commit_callbacks(execute=False) as queued:
        client.post(url, {"action": "run"})
    assert len(queued) == 1 and not SpeedDatingInterview.objects.exists()
    page = client.get(url).content.decode()
    assert "waiting to be computed" in page and 'hx-trigger="every 2s"' in page
    # a second click while it waits is refused, nothing queued twice
    with django_capture_on_commit_callbacks(execute=False) as again:
        response = client.post(url, {"action": "run"}, follow=True)
    assert not again and "being computed already" in response.content.decode()
    poll = client.get(url, {"status": "1"})
    assert poll.status_code == 200 and "HX-Refresh" not in poll
    queued[0]()  # the worker runs the task
    assert client.get(url, {"status": "1"})["HX-Refresh"] == "true"
    page = client.get(url).content.decode()
    assert "The schedule was saved." in page and "optimal" in page
    assert SpeedDatingInterview.objects.filter(event=event).exists()


def test_a_run_that_cannot_be_computed_says_why(
    advisor, office, django_capture_on_commit_callbacks
):
    from kausa.events.models import SpeedDatingCompany, SpeedDatingRun

    event, _slots, _companies = speed_dating_event(office)
    company = SpeedDatingCompany.objects.filter(event=event).first()
    slot = event.speed_slots.first()
    client = login(advisor)
    with django_capture_on_commit_callbacks(execute=False) as queued:
        client.post(
            f"/en/staff/events/{event.pk}/speed-dating/",
            {"action": "cancel_slot", "company": company.pk, "slot": slot.pk},
        )
    company.delete()  # before the worker comes to it
    queued[0]()
    run = SpeedDatingRun.objects.get(event=event)
    assert run.status == "failed" and run.failure == "Choose a company and a slot."
    page = client.get(f"/en/staff/events/{event.pk}/speed-dating/").content.decode()
    assert "could not be saved" in page and "Choose a company and a slot." in page


def test_personal_schedule_page_pdf_and_ical_with_video_rooms(advisor, office):
    event, _slots, _companies = speed_dating_event(office)
    speed_services.speed_dating_schedule(user=advisor, event=event)
    applicant = SpeedDatingApplicant.objects.filter(event=event).first()
    interviews = list(applicant.interviews.all())
    assert interviews
    client = Client()
    page = client.get(f"/en/events/speed-dating/{applicant.token}/").content.decode()
    assert interviews[0].video_url in page and interviews[0].company.name in page
    pdf = client.get(f"/en/events/speed-dating/{applicant.token}/interviews.pdf")
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    ical = Calendar.from_ical(
        client.get(f"/en/events/speed-dating/{applicant.token}/interviews.ics").content
    )
    assert len(list(ical.walk("VEVENT"))) == len(interviews)
    company = interviews[0].company
    company_page = client.get(f"/en/events/speed-dating/{company.token}/").content.decode()
    assert applicant.name in company_page
    assert client.get("/en/events/speed-dating/unknown/").status_code == 404


def test_other_office_cannot_run_the_scheduler(other_office_advisor, office):
    event, _s, _c = speed_dating_event(office)
    response = login(other_office_advisor).post(f"/en/staff/events/{event.pk}/speed-dating/")
    assert response.status_code == 404
    assert not SpeedDatingInterview.objects.exists()


def test_young_person_signs_up_with_ranked_companies(office):
    event, _slots, companies = speed_dating_event(office, people=0)
    client = Client()
    url = f"/en/events/{event.pk}/speed-dating/sign-up/"
    data = {
        "name": "Rama Khalil",
        "email": "rama@mail.test",
        "language": "ar",
        "german_level": "B1",
        "choice_1": companies[2].pk,
        "choice_2": companies[0].pk,
        "consent": "on",
    }
    response = client.post(url, data)
    applicant = SpeedDatingApplicant.objects.get()
    assert response["Location"].endswith(f"/events/speed-dating/{applicant.token}/")
    assert [w.company_id for w in applicant.wishes.order_by("rank")] == [
        companies[2].pk,
        companies[0].pk,
    ]
    assert client.post(url, data)["Location"] == response["Location"]  # double click
    again = Client().post(url, data)
    assert again.status_code == 200 and applicant.token not in again.content.decode()
    twice = Client().post(url, data | {"email": "x@mail.test", "choice_2": companies[2].pk})
    assert twice.status_code == 200 and SpeedDatingApplicant.objects.count() == 1


def test_sign_up_only_for_speed_dating_events(office):
    from tests.events.factories import EventFactory

    event = EventFactory(organisation=office)
    assert Client().get(f"/en/events/{event.pk}/speed-dating/sign-up/").status_code == 404


def test_schedule_mails_go_to_everyone_then_only_to_those_affected(
    advisor, office, django_capture_on_commit_callbacks, settings
):
    settings.SITE_URL = "http://x"
    from django.core import mail

    event, _slots, _companies = speed_dating_event(office, people=4)
    for applicant in SpeedDatingApplicant.objects.filter(event=event):
        applicant.email = f"a{applicant.pk}@mail.test"
        applicant.save()
    with django_capture_on_commit_callbacks(execute=True):
        speed_services.speed_dating_schedule(user=advisor, event=event)
    applicant_mails = [m for m in mail.outbox if m.to[0].startswith("a")]
    assert len(applicant_mails) == 4
    assert "http://x/de/events/speed-dating/" in applicant_mails[0].body
    mail.outbox.clear()
    target = SpeedDatingInterview.objects.filter(event=event).first()
    with django_capture_on_commit_callbacks(execute=True):
        speed_services.speed_dating_cancel_slot(
            user=advisor, company=target.company, slot=target.slot
        )
    assert f"a{target.applicant_id}@mail.test" in [m.to[0] for m in mail.outbox]
    assert len(mail.outbox) < 4
