"""A person asks an office to call back from its contact page; the request reaches the
office's inbox, can be marked as spam, and becomes a person with a case. Before a new
person is made, the people the office already knows who probably are the requester are
offered."""

from __future__ import annotations

import re
import time

import pytest
from django.core.exceptions import ValidationError

from kausa.counselling import selectors, services
from kausa.counselling.models import Case, FollowUp
from kausa.counselling.services import Requester
from kausa.network import spam
from kausa.people.models import YoungPerson
from kausa.people.services import young_person_create
from tests.conftest import login
from tests.factories import TEST_NOW, YoungPersonFactory

pytestmark = [pytest.mark.django_db, pytest.mark.time_machine(TEST_NOW)]


def _form(**changes: str) -> dict[str, str]:
    data = {
        "topic": "advisor_contact",
        "name": "ليلى حسن",
        "phone": "0176 1234567",
        "email": "",
        "language": "ar",
        "message": "أريد تدريبًا كطباخة",
        "consent": "on",
        "website_url": "",
        "started": spam.form_token(time.time() - 30),
    }
    data.update(changes)
    return data


def test_a_call_back_request_reaches_the_inbox_and_the_requester_is_told_in_arabic(
    client, advisor, office
):
    response = client.post(f"/ar/offices/{office.slug}/call-back/", _form(), follow=True)
    page = response.content.decode()
    assert response.status_code == 200
    assert "0176 1234567" in page and office.name in page
    assert "Thank you" not in page  # the confirmation is in the page's language
    follow_up = FollowUp.objects.get()
    assert follow_up.kind == FollowUp.Kind.ADVISOR_CONTACT
    assert follow_up.organisation == office and follow_up.assignee == advisor
    assert follow_up.requester_name == "ليلى حسن" and follow_up.requester_language == "ar"
    assert follow_up.requester_message == "أريد تدريبًا كطباخة"
    inbox = login(advisor).get("/de/staff/inbox/?kind=requests").content.decode()
    assert "ليلى حسن" in inbox and "أريد تدريبًا كطباخة" in inbox


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"phone": "", "email": ""}, "id_phone"),
        ({"name": ""}, "id_name"),
        ({"consent": ""}, "id_consent"),
        ({"email": "not-an-address"}, "id_email"),
        ({"topic": "military"}, "id_topic_0"),
    ],
)
def test_a_bad_call_back_request_is_shown_again_with_a_summary_and_keeps_nothing(
    client, advisor, office, changes, field
):
    response = client.post(f"/de/offices/{office.slug}/call-back/", _form(**changes))
    page = response.content.decode()
    assert response.status_code == 400
    assert "data-error-summary" in page and f'href="#{field}"' in page
    assert FollowUp.objects.count() == 0


def test_an_office_without_advisors_says_so_and_keeps_nothing(client, other_office):
    response = client.post(f"/de/offices/{other_office.slug}/call-back/", _form())
    assert response.status_code == 400 and FollowUp.objects.count() == 0


def test_the_topic_is_preselected_from_the_link(client, office):
    page = client.get(f"/de/offices/{office.slug}/?topic=speed_dating").content.decode()
    radio = re.search(r'<input[^>]*value="speed_dating"[^>]*>', page)
    assert radio is not None and "checked" in radio.group(0)
    other = re.search(r'<input[^>]*value="advisor_contact"[^>]*>', page)
    assert other is not None and "checked" not in other.group(0)


def _known(user, office, first_name: str, last_name: str, **fields: str) -> YoungPerson:
    return young_person_create(
        user=user, organisation=office, first_name=first_name, last_name=last_name, **fields
    )


def _request(office, **contact: str) -> FollowUp:
    return services.public_request_submit(
        organisation_id=office.pk,
        kind=FollowUp.Kind.ADVISOR_CONTACT,
        requester=Requester(
            name=contact.get("name", "Mohammed Al-Hassan"),
            phone=contact.get("phone", "0176 5550101"),
            email=contact.get("email", ""),
            language="ar",
        ),
    )


def test_spam_leaves_the_inbox_and_the_count_and_can_come_back(advisor, office):
    follow_up = _request(office)
    assert selectors.new_request_count(user=advisor) == 1
    client = login(advisor)
    client.post(f"/de/staff/follow-ups/{follow_up.pk}/spam/", {"spam": "1"})
    follow_up.refresh_from_db()
    assert follow_up.state == "spam"
    assert selectors.new_request_count(user=advisor) == 0
    assert list(selectors.follow_up_inbox(user=advisor)) == []
    assert list(selectors.follow_up_inbox(user=advisor, state="done")) == []
    assert list(selectors.follow_up_inbox(user=advisor, state="spam")) == [follow_up]
    client.post(f"/de/staff/follow-ups/{follow_up.pk}/spam/", {"spam": "0"})
    follow_up.refresh_from_db()
    assert follow_up.state == "open" and selectors.new_request_count(user=advisor) == 1


def test_another_office_cannot_mark_a_request_as_spam(office, advisor, other_office_advisor):
    follow_up = _request(office)
    response = login(other_office_advisor).post(f"/de/staff/follow-ups/{follow_up.pk}/spam/")
    assert response.status_code == 404
    follow_up.refresh_from_db()
    assert follow_up.state == "open"


def test_a_request_that_became_a_person_is_not_spam(advisor, office):
    follow_up = _request(office)
    services.request_create_person(user=advisor, follow_up=follow_up)
    with pytest.raises(ValidationError):
        services.follow_up_mark_spam(user=advisor, follow_up=follow_up)


def test_known_people_are_offered_before_a_new_person_is_made(advisor, office):
    known = _known(advisor, office, "Muhammad", "Al Hassan", phone="0176 5550101")
    follow_up = _request(office)
    client = login(advisor)
    page = client.post(f"/de/staff/follow-ups/{follow_up.pk}/case/")
    assert page.status_code == 200
    assert "Muhammad Al Hassan" in page.content.decode()
    assert Case.objects.count() == 0 and YoungPerson.objects.count() == 1
    response = client.post(f"/de/staff/follow-ups/{follow_up.pk}/case/", {"person": known.pk})
    case = Case.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"/cases/{case.pk}/")
    assert case.young_person == known and YoungPerson.objects.count() == 1
    follow_up.refresh_from_db()
    assert follow_up.case == case and follow_up.young_person == known


def test_a_known_person_with_an_open_case_keeps_it(advisor, office):
    known = _known(advisor, office, "Rama", "Testperson", phone="0176 5550101")
    open_case = services.case_open(user=advisor, organisation=office, young_person=known)
    follow_up = _request(office)
    login(advisor).post(f"/de/staff/follow-ups/{follow_up.pk}/case/", {"person": known.pk})
    follow_up.refresh_from_db()
    assert follow_up.case == open_case and Case.objects.count() == 1


def test_someone_else_gets_a_new_person(advisor, office):
    _known(advisor, office, "Mohamed", "Al-Hassan")
    follow_up = _request(office, phone="0151 999")
    client = login(advisor)
    assert client.post(f"/de/staff/follow-ups/{follow_up.pk}/person/").status_code == 200
    response = client.post(f"/de/staff/follow-ups/{follow_up.pk}/person/", {"new": "1"})
    assert response.status_code == 302 and YoungPerson.objects.count() == 2
    follow_up.refresh_from_db()
    assert follow_up.young_person.phone == "0151 999"


def test_a_request_without_a_known_person_becomes_person_and_case_in_one_click(advisor, office):
    follow_up = _request(office, name="Leila Hassan", phone="0160 1")
    response = login(advisor).post(f"/de/staff/follow-ups/{follow_up.pk}/case/")
    assert response.status_code == 302
    case = Case.objects.get()
    assert case.young_person.first_name == "Leila" and case.young_person.phone == "0160 1"


def test_a_person_of_another_office_cannot_be_chosen(advisor, office, other_office):
    stranger = YoungPersonFactory(organisation=other_office, phone="0176 5550101")
    follow_up = _request(office)
    response = login(advisor).post(
        f"/de/staff/follow-ups/{follow_up.pk}/case/", {"person": stranger.pk}
    )
    assert response.status_code == 404
    follow_up.refresh_from_db()
    assert follow_up.young_person is None and Case.objects.count() == 0
