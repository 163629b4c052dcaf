from __future__ import annotations

import datetime as dt

import pytest

from kausa.core.models import AuditEntry
from kausa.counselling.models import Consultation
from tests.conftest import login
from tests.counselling.factories import (
    CaseFactory,
    ConsultationFactory,
    FollowUpFactory,
    ReferralFactory,
)
from tests.factories import TEST_NOW, CompanyFactory, YoungPersonFactory, occupation

# Consultations may not lie in the future and follow-ups are overdue after their day: the
# clock is set to one day (and runs on) so that the dates below stay before or after it.
pytestmark = [pytest.mark.django_db, pytest.mark.time_machine(TEST_NOW)]

CONSULTATION = {
    "held_on": "2026-11-20",
    "channel": "phone",
    "duration_minutes": "30",
    "language": "ar",
    "topics": ["language", "applications"],
    "notes": "Hat Interesse an Pflege.",
}


@pytest.fixture
def case(advisor, office):
    return CaseFactory(organisation=office, owner=advisor)


def test_htmx_consultation_add_returns_the_updated_timeline(advisor, case):
    response = login(advisor).post(
        f"/en/staff/cases/{case.pk}/consultations/", CONSULTATION, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="workspace"' in html and "<html" not in html
    assert "Hat Interesse an Pflege." in html
    assert Consultation.objects.filter(case=case, language_id="ar").count() == 1


def test_bad_consultation_reshows_errors_and_saves_nothing(advisor, case):
    bad = CONSULTATION | {"duration_minutes": "0", "topics": []}
    response = login(advisor).post(f"/en/staff/cases/{case.pk}/consultations/", bad)
    assert response.status_code == 400
    html = response.content.decode()
    assert "This field is required." in html
    assert "Ensure this value is greater than or equal to 1." in html
    assert not Consultation.objects.exists()


def test_plain_post_redirects_back_to_case(advisor, case):
    response = login(advisor).post(f"/en/staff/cases/{case.pk}/consultations/", CONSULTATION)
    assert response.status_code == 302
    assert response["Location"] == f"/en/staff/cases/{case.pk}/"


def test_case_detail_view_is_audited(advisor, case):
    login(advisor).get(f"/en/staff/cases/{case.pk}/")
    assert AuditEntry.objects.filter(
        action="view", object_type="counselling.case", object_id=str(case.pk), actor=advisor
    ).exists()


def test_person_page_view_is_audited_and_shows_timeline(advisor, case):
    ConsultationFactory(case=case, notes="x", topics=["recognition"])
    html = login(advisor).get(f"/en/staff/people/{case.young_person_id}/").content.decode()
    assert "recognition of foreign certificates" in html
    assert AuditEntry.objects.filter(action="view", object_type="people.youngperson").exists()


def test_case_list_filters_by_status_and_mine(advisor, office, case):
    CaseFactory(organisation=office, status="closed", closing_reason="placed")
    client = login(advisor)
    assert client.get("/en/staff/cases/").context["page"].paginator.count == 1
    assert client.get("/en/staff/cases/?status=all").context["page"].paginator.count == 2
    assert client.get("/en/staff/cases/?status=all&mine=1").context["page"].paginator.count == 1


def test_case_list_query_count_is_pinned(advisor, office, django_assert_max_num_queries):
    for _ in range(15):
        ConsultationFactory(case=CaseFactory(organisation=office))
    client = login(advisor)
    with django_assert_max_num_queries(8):
        assert client.get("/en/staff/cases/").status_code == 200


def test_case_detail_query_count_is_pinned(advisor, case, django_assert_max_num_queries):
    for _ in range(10):
        ConsultationFactory(case=case)
        ReferralFactory(case=case, organisation=case.organisation)
    client = login(advisor)
    url = f"/en/staff/cases/{case.pk}/"
    # The occupation list is read once per process (reference.selectors): the first page
    # shown by a test process pays one query more, whichever test that is.
    client.get(url)
    # 20 + the menu's count of new requests
    with django_assert_max_num_queries(21):
        assert client.get(url).status_code == 200


def test_export_csv_holds_only_own_office(advisor, office, other_office):
    CaseFactory(organisation=office, young_person__last_name="Eigenfall")
    CaseFactory(organisation=other_office, young_person__last_name="Fremdfall")
    response = login(advisor).get("/en/staff/cases/export.csv?status=all")
    body = response.content.decode("utf-8-sig")
    assert response["Content-Disposition"].startswith("attachment")
    assert "Eigenfall" in body and "Fremdfall" not in body
    assert AuditEntry.objects.filter(action="export").exists()


def test_export_xlsx_is_a_workbook(advisor, office):
    CaseFactory(organisation=office)
    response = login(advisor).get("/en/staff/cases/export.xlsx")
    assert response.content[:2] == b"PK"


def test_my_follow_ups_overdue_first_on_staff_home(advisor, case):
    FollowUpFactory(case=case, assignee=advisor, title="Later", due_on=dt.date(2027, 1, 10))
    FollowUpFactory(case=case, assignee=advisor, title="Overdue", due_on=dt.date(2026, 1, 10))
    html = login(advisor).get("/en/staff/").content.decode()
    assert html.index("Overdue") < html.index("Later")
    assert "overdue" in html


def test_search_finds_people_by_name_and_companies_by_occupation(advisor, office, other_office):
    from tests.factories import OfferFactory

    YoungPersonFactory(organisation=office, last_name="Haddad", search_text="rama haddad")
    YoungPersonFactory(organisation=other_office, last_name="Haddadi", search_text="x haddadi")
    company = CompanyFactory(organisation=office, name="Autohaus Kaya")
    OfferFactory(company=company, occupation=occupation("Kfz-Mechatroniker/in"))
    client = login(advisor)
    html = client.get("/en/staff/search/?q=haddad").content.decode()
    assert "Haddad" in html and "Haddadi" not in html
    assert "Autohaus Kaya" in client.get("/en/staff/search/?q=mechatroniker").content.decode()


def test_pipeline_board_moves_a_card(advisor, office):
    from kausa.companies.services import pipeline_start

    pipeline = pipeline_start(
        user=advisor, company=CompanyFactory(organisation=office, name="Bäckerei Nguyen")
    )
    client = login(advisor)
    board = client.get("/en/staff/companies/pipeline/").content.decode()
    assert "Bäckerei Nguyen" in board
    client.post(f"/en/staff/companies/pipeline/{pipeline.pk}/move/", {"stage": "advised"})
    pipeline.refresh_from_db()
    assert pipeline.stage == "advised"
    filtered = client.get("/en/staff/companies/pipeline/?migrant_led=yes").context["columns"]
    assert not any(column["cards"] for column in filtered)


def test_person_create_with_bad_input_saves_nothing(advisor):
    from kausa.people.models import YoungPerson

    response = login(advisor).post(
        "/en/staff/people/new/",
        {
            "first_name": "Rama",
            "last_name": "",
            "postal_code": "99999",
            "german_level": "B1",
            "certificate": "first",
        },
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "99999 is not a German postal code." in html
    assert not YoungPerson.objects.exists()


def test_person_create_records_consent(advisor, office):
    from kausa.people.models import YoungPerson

    response = login(advisor).post(
        "/en/staff/people/new/",
        {
            "organisation": office.pk,
            "first_name": "Rama",
            "last_name": "Haddad",
            "postal_code": "10115",
            "german_level": "B1",
            "certificate": "foreign_unrecognised",
            "languages": ["ar", "de"],
            "consent": "on",
        },
    )
    person = YoungPerson.objects.get()
    assert response["Location"] == f"/en/staff/people/{person.pk}/"
    assert person.consents.get().purpose == "counselling"
    assert set(person.languages.values_list("code", flat=True)) == {"ar", "de"}


def test_audit_log_shows_own_organisation_only(
    org_admin, advisor, case, other_office_advisor, other_office
):
    login(advisor).get(f"/en/staff/cases/{case.pk}/")
    other_case = CaseFactory(organisation=other_office)
    login(other_office_advisor).get(f"/en/staff/cases/{other_case.pk}/")
    page = login(org_admin).get("/en/staff/audit/").context["page"]
    ids = {entry.object_id for entry in page}
    assert str(case.pk) in ids and str(other_case.pk) not in ids


def test_person_page_title_is_just_the_name(advisor, case):
    html = login(advisor).get(f"/en/staff/people/{case.young_person_id}/").content.decode()
    title = html.split("<title>")[1].split("</title>")[0]
    assert title.startswith(case.young_person.full_name)
    assert "<" not in title


def test_person_page_and_board_query_counts_are_pinned(
    advisor, case, office, django_assert_max_num_queries
):
    from kausa.companies.services import pipeline_start

    for _ in range(8):
        ConsultationFactory(case=case)
        ReferralFactory(case=case, organisation=office)
        pipeline_start(user=advisor, company=CompanyFactory(organisation=office))
    client = login(advisor)
    with django_assert_max_num_queries(18):
        assert client.get(f"/en/staff/people/{case.young_person_id}/").status_code == 200
    with django_assert_max_num_queries(10):
        assert client.get("/en/staff/companies/pipeline/").status_code == 200


def test_propose_from_the_matching_page_lands_in_the_timeline(advisor, office):
    from kausa.counselling.models import OfferProposal
    from tests.factories import OfferFactory

    person = YoungPersonFactory(organisation=office)
    offer = OfferFactory(company=CompanyFactory(organisation=office, name="Elektro Weber"))
    client = login(advisor)
    response = client.post(
        "/en/staff/proposals/",
        {
            "young_person": person.pk,
            "offer": offer.pk,
            "score": "0.81",
            "next": f"/en/staff/matching/people/{person.pk}/",
        },
    )
    assert response["Location"] == f"/en/staff/matching/people/{person.pk}/"
    assert OfferProposal.objects.get().score == pytest.approx(0.81)
    page = client.get(f"/en/staff/people/{person.pk}/").content.decode()
    assert "Offer proposed" in page and "Elektro Weber" in page


def test_advisor_registers_a_person_for_an_event_and_it_shows_in_the_timeline(advisor, office):
    from django.utils import timezone

    from kausa.events.models import Registration
    from tests.events.factories import EventFactory

    case = CaseFactory(organisation=office, owner=advisor, young_person__email="yp@example.org")
    starts = timezone.now() + dt.timedelta(days=10)
    event = EventFactory(
        organisation=office,
        title="JUMP! Tag Berlin",
        starts_at=starts,
        ends_at=starts + dt.timedelta(hours=5),
    )
    client = login(advisor)
    assert "JUMP! Tag Berlin" in client.get(f"/en/staff/cases/{case.pk}/").content.decode()
    client.post(f"/en/staff/cases/{case.pk}/events/", {"event": event.pk})
    registration = Registration.objects.get(event=event)
    assert registration.young_person == case.young_person
    timeline = client.get(f"/en/staff/cases/{case.pk}/").context["timeline"]
    assert [(e.kind, e.title) for e in timeline] == [("event", "JUMP! Tag Berlin")]


def test_a_registration_made_from_a_case_page_mails_links_on_the_site_url(
    advisor, office, settings, django_capture_on_commit_callbacks
):
    """The mail is sent by a task, far from any request: its link and QR code must still
    point at the public site, not at a bare path or the advisor's host name."""
    from django.core import mail
    from django.utils import timezone

    from kausa.events.models import Registration
    from tests.events.factories import EventFactory

    settings.SITE_URL = "https://kausa.example.org"
    case = CaseFactory(organisation=office, owner=advisor, young_person__email="yp@example.org")
    starts = timezone.now() + dt.timedelta(days=10)
    event = EventFactory(
        organisation=office, starts_at=starts, ends_at=starts + dt.timedelta(hours=2)
    )
    with django_capture_on_commit_callbacks(execute=True):
        login(advisor).post(
            f"/en/staff/cases/{case.pk}/events/", {"event": event.pk}, HTTP_HOST="localhost"
        )
    registration = Registration.objects.get(event=event)
    [message] = mail.outbox
    link = f"https://kausa.example.org/de/events/registration/{registration.token}/"
    assert link in message.body
    assert "localhost" not in message.body


def test_events_of_another_office_cannot_be_chosen(advisor, office, other_office):
    from django.utils import timezone

    from kausa.events.models import Registration
    from tests.events.factories import EventFactory

    case = CaseFactory(organisation=office, owner=advisor)
    starts = timezone.now() + dt.timedelta(days=10)
    foreign = EventFactory(
        organisation=other_office, starts_at=starts, ends_at=starts + dt.timedelta(hours=2)
    )
    login(advisor).post(f"/en/staff/cases/{case.pk}/events/", {"event": foreign.pk})
    assert not Registration.objects.exists()


def test_registering_a_person_without_contact_says_what_is_missing(advisor, office):
    from django.utils import timezone

    from kausa.events.models import Registration
    from tests.events.factories import EventFactory

    case = CaseFactory(organisation=office, owner=advisor)
    starts = timezone.now() + dt.timedelta(days=10)
    event = EventFactory(
        organisation=office, starts_at=starts, ends_at=starts + dt.timedelta(hours=2)
    )
    response = login(advisor).post(
        f"/en/staff/cases/{case.pk}/events/", {"event": event.pk}, follow=True
    )
    assert "Add an e-mail address or phone number" in response.content.decode()
    assert not Registration.objects.exists()


def test_advisor_proposes_an_offer_another_office_imported_but_not_a_withdrawn_one(
    advisor, office, other_office
):
    from kausa.counselling.models import OfferProposal
    from tests.factories import OfferFactory

    person = YoungPersonFactory(organisation=office)
    catalogue = OfferFactory(company=CompanyFactory(organisation=other_office))
    draft = OfferFactory(company=CompanyFactory(organisation=other_office))
    draft.status = "withdrawn"
    draft.save()
    client = login(advisor)
    answer = client.post("/de/staff/proposals/", {"young_person": person.pk, "offer": catalogue.pk})
    assert answer.status_code == 302
    assert OfferProposal.objects.filter(offer=catalogue, case__young_person=person).exists()
    hidden = client.post("/de/staff/proposals/", {"young_person": person.pk, "offer": draft.pk})
    assert hidden.status_code == 404
