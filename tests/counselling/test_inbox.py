"""The request inbox: requests from the public become follow-ups with a kind, a state and
the requester's data; an advisor takes them on, turns them into a person or a case."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from kausa.core.models import AuditEntry
from kausa.counselling import selectors, services
from kausa.counselling.models import Case, FollowUp
from kausa.counselling.services import Requester
from kausa.privacy.registry import ANONYMOUS
from tests.conftest import login
from tests.counselling.factories import FollowUpFactory
from tests.factories import TEST_NOW, CompanyFactory, YoungPersonFactory

pytestmark = [pytest.mark.django_db, pytest.mark.time_machine(TEST_NOW)]


def _offer_request(office, name="Amina Rahimi", **contact) -> FollowUp:
    requester = Requester(
        name=name,
        email=contact.get("email", "amina@example.org"),
        phone=contact.get("phone", ""),
        postal_code=contact.get("postal_code", "10115"),
        language=contact.get("language", "ar"),
    )
    follow_up = services.follow_up_for_office(
        organisation_id=office.pk,
        title="Kontaktanfrage zu einem Angebot: Kfz-Mechatroniker/in",
        kind=FollowUp.Kind.OFFER_CONTACT,
        requester=requester,
    )
    assert follow_up is not None
    return follow_up


def test_a_public_request_keeps_its_kind_and_the_requesters_data(advisor, office):
    follow_up = _offer_request(office)
    assert follow_up.kind == "offer_contact" and follow_up.state == "open"
    assert follow_up.requester_name == "Amina Rahimi"
    assert follow_up.requester_language == "ar"
    assert follow_up.can_become_person and follow_up.can_become_case


def test_a_task_is_no_request_kind(advisor, office):
    with pytest.raises(ValueError, match="request kind"):
        services.follow_up_for_office(organisation_id=office.pk, title="x", kind="task")


def test_inbox_lists_requests_and_tasks_of_the_office_newest_first(advisor, office, time_machine):
    task = FollowUpFactory(case__organisation=office, assignee=advisor)
    time_machine.shift(dt.timedelta(hours=1))
    request = _offer_request(office)
    assert list(selectors.follow_up_inbox(user=advisor)) == [request, task]
    assert list(selectors.follow_up_inbox(user=advisor, kind="requests")) == [request]
    assert list(selectors.follow_up_inbox(user=advisor, kind="task")) == [task]
    assert list(selectors.follow_up_inbox(user=advisor, query="rahimi")) == [request]


def test_another_office_sees_none_of_the_requests(advisor, office, other_office_advisor):
    follow_up = _offer_request(office)
    assert list(selectors.follow_up_inbox(user=other_office_advisor, state="all")) == []
    assert selectors.new_request_count(user=other_office_advisor) == 0
    assert selectors.requests_of_today(user=other_office_advisor) == []
    with pytest.raises(PermissionDenied):
        services.follow_up_start(user=other_office_advisor, follow_up=follow_up)
    with pytest.raises(PermissionDenied):
        services.request_open_case(user=other_office_advisor, follow_up=follow_up)


def test_a_request_runs_open_in_progress_done(advisor, org_admin, office):
    follow_up = _offer_request(office)
    assert selectors.new_request_count(user=advisor) == 1
    services.follow_up_start(user=org_admin, follow_up=follow_up)
    assert follow_up.state == "in_progress" and follow_up.assignee == org_admin
    assert selectors.new_request_count(user=advisor) == 0
    assert list(selectors.follow_up_inbox(user=advisor, state="open")) == []
    assert list(selectors.follow_up_inbox(user=advisor, state="in_progress")) == [follow_up]
    assert list(selectors.follow_up_inbox(user=org_admin, mine=True)) == [follow_up]
    assert list(selectors.follow_up_inbox(user=advisor, mine=True)) == []
    services.follow_up_complete(user=org_admin, follow_up=follow_up)
    assert follow_up.state == "done"
    assert list(selectors.follow_up_inbox(user=advisor)) == []
    assert list(selectors.follow_up_inbox(user=advisor, state="done")) == [follow_up]
    with pytest.raises(ValidationError):
        services.follow_up_start(user=advisor, follow_up=follow_up)


def test_requests_of_today_leave_out_older_ones(advisor, office, time_machine):
    older = _offer_request(office, name="Ali Old")
    time_machine.shift(dt.timedelta(days=1))
    newer = _offer_request(office, name="Sara New")
    assert selectors.requests_of_today(user=advisor) == [newer]
    assert older in selectors.follow_up_inbox(user=advisor)


def test_a_request_becomes_a_person_filled_from_it(advisor, office):
    follow_up = _offer_request(office)
    person = services.request_create_person(user=advisor, follow_up=follow_up)
    assert (person.first_name, person.last_name) == ("Amina", "Rahimi")
    assert person.email == "amina@example.org" and person.postal_code_id == "10115"
    assert [lang.code for lang in person.languages.all()] == ["ar"]
    assert person.organisation == office
    follow_up.refresh_from_db()
    assert follow_up.young_person == person and follow_up.state == "in_progress"
    assert not follow_up.can_become_person
    assert AuditEntry.objects.filter(
        object_type="people.youngperson", object_id=str(person.pk), action="create"
    ).exists()
    # a second click gives the same person, not a duplicate
    assert services.request_create_person(user=advisor, follow_up=follow_up) == person


def test_a_request_becomes_a_case_of_its_new_person(advisor, office):
    follow_up = _offer_request(office, name="Omar")
    case = services.request_open_case(user=advisor, follow_up=follow_up)
    assert case.kind == Case.Kind.YOUNG_PERSON and case.organisation == office
    assert (case.young_person.first_name, case.young_person.last_name) == ("Omar", "–")
    follow_up.refresh_from_db()
    assert follow_up.case == case and follow_up.young_person == case.young_person
    assert list(selectors.case_open_follow_ups(case)) == [follow_up]
    assert services.request_open_case(user=advisor, follow_up=follow_up) == case


def test_a_training_company_request_opens_the_companys_case(advisor, office):
    company = CompanyFactory(organisation=office)
    follow_up = services.follow_up_for_office(
        organisation_id=office.pk,
        title="Rückruf",
        kind=FollowUp.Kind.TRAINING_COMPANY,
        requester=Requester(name="Frau Kaya", phone="030 123"),
        company_id=company.pk,
    )
    assert not follow_up.can_become_person
    case = services.request_open_case(user=advisor, follow_up=follow_up)
    assert case.company == company and case.kind == Case.Kind.COMPANY


def test_an_ambassador_visit_carries_no_person(advisor, office):
    follow_up = services.follow_up_for_office(
        organisation_id=office.pk,
        title="Besuch",
        kind=FollowUp.Kind.AMBASSADOR_VISIT,
        requester=Requester(name="Herr Lehrer", email="l@schule.de"),
    )
    assert not (follow_up.can_become_person or follow_up.can_become_case)
    with pytest.raises(ValidationError):
        services.request_create_person(user=advisor, follow_up=follow_up)
    with pytest.raises(ValidationError):
        services.request_open_case(user=advisor, follow_up=follow_up)


def test_erasing_a_person_blanks_the_requests_they_sent(advisor, office):
    from kausa.counselling.privacy import erase, export_requests

    follow_up = _offer_request(office, email="nour@example.org")
    person = YoungPersonFactory(organisation=office, email="Nour@example.org")
    assert [r["name"] for r in export_requests(person)] == ["Amina Rahimi"]
    erase(person)
    follow_up.refresh_from_db()
    assert follow_up.title == ANONYMOUS and follow_up.requester_email == ""
    assert follow_up.requester_name == ""


def test_retention_blanks_old_requests_only(advisor, office, time_machine):
    from kausa.counselling.privacy import retention

    old = _offer_request(office, name="Old Request")
    time_machine.shift(dt.timedelta(days=400))
    new = _offer_request(office, name="New Request")
    cutoff = new.created_at - dt.timedelta(days=30)
    (blank,) = retention(office, cutoff)
    assert list(blank.queryset) == [old]


# --- pages ---------------------------------------------------------------------------------
def test_inbox_page_lists_the_request_with_its_actions(advisor, office):
    follow_up = _offer_request(office, phone="0151 2345678")
    response = login(advisor).get("/de/staff/inbox/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Amina Rahimi" in html and 'href="tel:0151 2345678"' in html
    for action in ("start", "person", "case", "done"):
        assert f"/de/staff/follow-ups/{follow_up.pk}/{action}/" in html


def test_inbox_page_of_another_office_shows_nothing(advisor, office, other_office_advisor):
    _offer_request(office)
    client = login(other_office_advisor)
    html = client.get("/de/staff/inbox/?state=all").content.decode()
    assert "Amina Rahimi" not in html
    assert client.get("/de/staff/inbox/").context["page"].paginator.count == 0


def test_inbox_filters_and_pages(advisor, office):
    for n in range(30):
        _offer_request(office, name=f"Person {n:02d}")
    FollowUpFactory(case__organisation=office, assignee=advisor, title="Rückruf Aufgabe")
    client = login(advisor)
    first = client.get("/de/staff/inbox/?kind=offer_contact")
    assert first.context["page"].paginator.count == 30
    assert len(first.context["page"].object_list) == 25
    assert first.context["page"].object_list[0].requester_name == "Person 29"  # newest first
    second = client.get("/de/staff/inbox/?kind=offer_contact&page=2")
    assert len(second.context["page"].object_list) == 5
    tasks = client.get("/de/staff/inbox/?kind=task").content.decode()
    assert "Rückruf Aufgabe" in tasks and "Person 01" not in tasks
    assert client.get("/de/staff/inbox/?kind=nonsense&state=nonsense").status_code == 200


def test_taking_on_creating_the_person_and_opening_the_case_by_click(advisor, office):
    follow_up = _offer_request(office)
    client = login(advisor)
    response = client.post(
        f"/de/staff/follow-ups/{follow_up.pk}/start/", {"next": "/de/staff/inbox/?mine=1"}
    )
    assert response.status_code == 302 and response["Location"] == "/de/staff/inbox/?mine=1"
    follow_up.refresh_from_db()
    assert follow_up.state == "in_progress"
    response = client.post(f"/de/staff/follow-ups/{follow_up.pk}/case/")
    follow_up.refresh_from_db()
    assert response["Location"] == f"/de/staff/cases/{follow_up.case_id}/"
    assert follow_up.case.young_person.last_name == "Rahimi"
    page = client.get(response["Location"]).content.decode()
    assert "Kontaktanfrage zu einem Angebot" in page  # the request is the case's follow-up
    client.post(f"/de/staff/follow-ups/{follow_up.pk}/done/", {"next": "/de/staff/inbox/"})
    follow_up.refresh_from_db()
    assert follow_up.state == "done"


def test_create_person_by_click_leads_to_the_profile(advisor, office):
    follow_up = _offer_request(office)
    response = login(advisor).post(f"/de/staff/follow-ups/{follow_up.pk}/person/")
    follow_up.refresh_from_db()
    assert response["Location"] == f"/de/staff/people/{follow_up.young_person_id}/"


def test_a_request_without_a_person_says_so(advisor, office):
    follow_up = services.follow_up_for_office(
        organisation_id=office.pk, title="Besuch", kind=FollowUp.Kind.AMBASSADOR_VISIT
    )
    client = login(advisor)
    response = client.post(f"/de/staff/follow-ups/{follow_up.pk}/person/", follow=True)
    assert response.redirect_chain[-1][0] == "/de/staff/inbox/"
    assert not Case.objects.filter(organisation=office).exists()


def test_other_office_cannot_act_on_a_request(advisor, office, other_office_advisor):
    follow_up = _offer_request(office)
    client = login(other_office_advisor)
    for action in ("start", "person", "case", "done"):
        assert client.post(f"/de/staff/follow-ups/{follow_up.pk}/{action}/").status_code == 404
    follow_up.refresh_from_db()
    assert follow_up.state == "open" and follow_up.young_person is None


def test_staff_home_shows_todays_requests_and_links_to_the_inbox(advisor, office):
    FollowUpFactory.create_batch(
        13, case__organisation=office, assignee=advisor, due_on=dt.date(2026, 1, 5)
    )
    _offer_request(office, name="Heute Angefragt")
    response = login(advisor).get("/de/staff/")
    html = response.content.decode()
    assert "Heute Angefragt" in html  # not hidden behind the 12 oldest follow-ups
    assert 'href="/de/staff/inbox/?kind=requests"' in html
    assert 'href="/de/staff/inbox/?mine=1"' in html
    assert response.context["new_requests"] == 1


def test_person_and_case_pages_lead_to_the_matching(advisor, office):
    person = YoungPersonFactory(organisation=office)
    case = services.case_open(user=advisor, organisation=office, young_person=person)
    client = login(advisor)
    link = f'href="/de/staff/matching/people/{person.pk}/"'
    assert link in client.get(f"/de/staff/people/{person.pk}/").content.decode()
    assert link in client.get(f"/de/staff/cases/{case.pk}/").content.decode()


def test_inbox_query_count_is_pinned(advisor, office, django_assert_max_num_queries):
    for n in range(10):
        _offer_request(office, name=f"Person {n}")
        FollowUpFactory(case__organisation=office, assignee=advisor)
    client = login(advisor)
    with django_assert_max_num_queries(9):
        assert client.get("/de/staff/inbox/").status_code == 200


def test_the_menu_counts_new_requests_of_the_own_office_only(advisor, office, other_office_advisor):
    first, second, third = (_offer_request(office, name=n) for n in ("A B", "C D", "E F"))
    services.follow_up_start(user=advisor, follow_up=first)
    services.follow_up_mark_spam(user=advisor, follow_up=second)

    def menu_badge(user) -> str:
        html = login(user).get("/de/staff/people/").content.decode()
        inbox = html.split('href="/de/staff/inbox/"', 1)[1].split("</a>", 1)[0]
        return inbox

    # only the third request is new: the first is taken on, the second is spam
    assert '<span class="nav-badge">1<span class="visually-hidden">' in menu_badge(advisor)
    assert "nav-badge" not in menu_badge(other_office_advisor)
    services.follow_up_start(user=advisor, follow_up=third)
    assert "nav-badge" not in menu_badge(advisor)
