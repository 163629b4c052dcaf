"""Public offer search and offer page, advisor request, advisors' matching views, mismatch."""

from __future__ import annotations

import csv
import io

import pytest
from django.test import Client

from kausa.matching.models import AdvisorRequest
from tests.conftest import login
from tests.factories import YoungPersonFactory, occupation
from tests.matching.factories import offer_at

pytestmark = pytest.mark.django_db


def test_public_search_lists_offers_near_a_postal_code(office):
    near = offer_at(office, "10115")
    offer_at(office, "20095")  # Hamburg
    response = Client().get("/en/offers/", {"plz": "10115", "radius_km": "25"})
    assert response.status_code == 200
    hits = response.context["hits"]
    assert [h["offer_id"] for h in hits] == [near.pk]
    page = response.content.decode()
    assert f"/en/offers/{near.pk}/" in page
    assert 'id="offer-map-data"' in page
    assert "Frau Kaya" not in page  # no contact person on public pages


def test_public_search_without_input_shows_the_empty_form():
    response = Client().get("/en/offers/")
    assert response.status_code == 200
    assert "hits" not in response.context


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"plz": "123"}, "5 digits"),
        ({"plz": "00000"}, "We do not know the postal code 00000"),
        ({"q": "Koch"}, "postal code or use your location"),
    ],
)
def test_public_search_shows_errors_in_the_visitors_language(params, message):
    response = Client().get("/en/offers/", params)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert "hits" not in response.context


def test_public_search_by_location_and_occupation_name(office):
    kfz = offer_at(office, "10115")
    offer_at(office, "10117", occ="Verkäufer/in")
    response = Client().get("/en/offers/", {"lat": "52.53", "lon": "13.38", "q": "Kfz"})
    assert [h["offer_id"] for h in response.context["hits"]] == [kfz.pk]


def test_public_search_is_translated_into_arabic(office):
    offer_at(office, "10115")
    response = Client().get("/ar/offers/", {"plz": "10115"})
    assert response.status_code == 200
    assert 'dir="rtl"' in response.content.decode()


def test_offer_page_shows_company_and_how_to_apply(office):
    offer = offer_at(office, "10115", name="Autohaus Yilmaz")
    response = Client().get(f"/en/offers/{offer.pk}/")
    page = response.content.decode()
    assert "Autohaus Yilmaz" in page and "How to apply" in page
    assert "Frau Kaya" not in page


def test_closed_offer_page_is_404(office):
    offer = offer_at(office, "10115")
    offer.status = "filled"
    offer.places_filled = offer.places
    offer.save()
    assert Client().get(f"/en/offers/{offer.pk}/").status_code == 404


def test_advisor_request_needs_consent_and_stores_nothing_without_it(office):
    offer = offer_at(office, "10115")
    data = {"name": "Rama", "email": "rama@example.org", "message": "Hallo"}
    response = Client().post(f"/en/offers/{offer.pk}/", data)
    assert response.status_code == 200
    assert "Without your consent we cannot store your request." in response.content.decode()
    assert not AdvisorRequest.objects.exists()


def test_advisor_request_needs_a_way_to_contact(office):
    offer = offer_at(office, "10115")
    response = Client().post(f"/en/offers/{offer.pk}/", {"name": "Rama", "consent": "on"})
    assert "e-mail address or a phone number" in response.content.decode()
    assert not AdvisorRequest.objects.exists()


def test_advisor_request_with_consent_goes_to_the_offers_office(
    office, advisor, other_office_advisor
):
    offer = offer_at(office, "10115")
    client = Client()
    response = client.post(
        f"/ar/offers/{offer.pk}/",
        {"name": "Rama", "phone": "0151 1234567", "consent": "on", "organisation": "999"},
    )
    assert response.status_code == 302
    # the thank-you names the office, its German name isolated in the Arabic sentence
    thanks = client.get(response.url).content.decode()
    assert f"\u2068{office.name}\u2069" in thanks
    request = AdvisorRequest.objects.get()
    assert request.organisation_id == office.pk
    assert request.language == "ar"
    assert request.consent_given_at is not None
    assert "Rama" in login(advisor).get("/en/staff/matching/requests/").content.decode()
    assert (
        "Rama"
        not in login(other_office_advisor).get("/en/staff/matching/requests/").content.decode()
    )


def test_advisor_sees_top_offers_with_explanations_for_a_person(office, advisor):
    offer = offer_at(office, "10115", german="B2")
    person = YoungPersonFactory(organisation=office, german_level="B1")
    person.occupations_of_interest.set([occupation("Kfz-Mechatroniker/in")])
    response = login(advisor).get(f"/en/staff/matching/people/{person.pk}/")
    assert response.status_code == 200
    (hit,) = response.context["hits"]
    assert hit["offer"].pk == offer.pk
    codes = [r["code"] for r in hit["reasons"]]
    assert codes[0] == "occupation_exact" and "german_bsk" in codes


def test_person_without_postal_code_is_explained(office, advisor):
    person = YoungPersonFactory(organisation=office, postal_code=None)
    response = login(advisor).get(f"/en/staff/matching/people/{person.pk}/")
    assert response.context["hits"] is None
    assert "no postal code" in response.content.decode()


def test_candidates_come_from_the_users_office_only(office, other_office, advisor):
    offer = offer_at(office, "10115")
    mine = YoungPersonFactory(organisation=office)
    theirs = YoungPersonFactory(organisation=other_office)
    response = login(advisor).get(f"/en/staff/matching/offers/{offer.pk}/")
    people = [row["person"].pk for row in response.context["rows"]]
    assert mine.pk in people and theirs.pk not in people


def test_mismatch_counts_only_with_small_cells_hidden(
    office, coordinator, advisor, django_capture_on_commit_callbacks
):
    offer_at(office, "10115")
    for _ in range(3):
        person = YoungPersonFactory(organisation=office)
        person.occupations_of_interest.set([occupation("Verkäufer/in")])
    # the first visit only asks for the figures: the task computes them (in tests at once)
    with django_capture_on_commit_callbacks(execute=True) as queued:
        response = login(coordinator).get("/en/staff/matching/mismatch/")
    assert response.status_code == 200
    assert response.context["figures"] is None and response.context["busy"]
    assert "being computed" in response.content.decode() or "waiting" in response.content.decode()
    assert len(queued) == 1
    response = login(coordinator).get("/en/staff/matching/mismatch/")
    figures = response.context["figures"]
    assert figures.people_unmatched == 3 and figures.offers_unmatched == 1
    page = response.content.decode()
    assert "&lt;5" in page
    assert "Computed on" in page
    assert "Testperson" not in page  # no names
    with django_capture_on_commit_callbacks(execute=True):
        login(advisor).get("/en/staff/matching/mismatch.csv")  # the advisor's own scope
    export = login(advisor).get("/en/staff/matching/mismatch.csv")
    assert export.content.startswith(b"\xef\xbb\xbf")  # the same dialect as every export
    rows = list(csv.reader(io.StringIO(export.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][-1] == "computed_at"
    berlin = next(r for r in rows if r[0] == "district" and r[1] == "11000")
    assert berlin[3:7] == ["<5", "<5", "<5", "<5"]
    assert berlin[8]  # the time the figures were computed


def test_mismatch_recompute_is_queued_and_polled_until_done(
    office, coordinator, django_capture_on_commit_callbacks
):
    offer_at(office, "10115")
    client = login(coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        client.get("/en/staff/matching/mismatch/?radius=25")
    first = client.get("/en/staff/matching/mismatch/?radius=25").context["report"]
    assert first.status == "done" and first.radius_km == 25
    YoungPersonFactory(organisation=office)
    with django_capture_on_commit_callbacks(execute=False) as queued:
        response = client.post("/en/staff/matching/mismatch/?radius=25")
    assert response.status_code == 302 and response["Location"].endswith("?radius=25")
    assert len(queued) == 1
    # while it waits, the page keeps the last figures and polls the status
    page = client.get("/en/staff/matching/mismatch/?radius=25")
    assert page.context["busy"] and page.context["figures"].people == first.figures["people"]
    assert 'hx-trigger="every 2s"' in page.content.decode()
    with django_capture_on_commit_callbacks(execute=False) as again:
        client.post("/en/staff/matching/mismatch/?radius=25")
    assert not again  # already waiting: not queued twice
    poll = client.get("/en/staff/matching/mismatch/?radius=25&status=1")
    assert poll.status_code == 200 and "HX-Refresh" not in poll
    queued[0]()  # the worker runs the task
    poll = client.get("/en/staff/matching/mismatch/?radius=25&status=1")
    assert poll["HX-Refresh"] == "true"
    figures = client.get("/en/staff/matching/mismatch/?radius=25").context["figures"]
    assert figures.people == first.figures["people"] + 1


def test_nightly_job_refreshes_every_stored_mismatch_report(
    office, coordinator, advisor, django_capture_on_commit_callbacks
):
    from django.core.management import call_command

    from kausa.matching.models import MismatchReport

    with django_capture_on_commit_callbacks(execute=True):
        login(coordinator).get("/en/staff/matching/mismatch/")
        login(advisor).get("/en/staff/matching/mismatch/?radius=10")
    assert MismatchReport.objects.filter(status="done").count() == 2
    before = {r.pk: r.computed_at for r in MismatchReport.objects.all()}
    out = io.StringIO()
    with django_capture_on_commit_callbacks(execute=True) as queued:
        call_command("refresh_mismatch_reports", stdout=out)
    assert "Queued 2" in out.getvalue() and len(queued) == 2
    after = {r.pk: r.computed_at for r in MismatchReport.objects.all()}
    assert all(after[pk] >= before[pk] for pk in before)
    assert MismatchReport.objects.filter(status="done").count() == 2
