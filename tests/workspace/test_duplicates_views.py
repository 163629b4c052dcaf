"""Pages of the duplicate check (issue 14, item 3): 'probably the same person' on the
new-person form, the office's list of possible duplicates, 'not the same', the merge."""

from __future__ import annotations

import datetime as dt

import pytest

from kausa.people import services as people_services
from kausa.people.models import DuplicateCandidate, YoungPerson
from tests.conftest import login
from tests.counselling.factories import CaseFactory

pytestmark = pytest.mark.django_db


def _person(office, first, last, born=dt.date(2006, 4, 9), **more):
    return people_services.young_person_create(
        user=None, organisation=office, first_name=first, last_name=last, birth_date=born, **more
    )


def _new_person_form(office, **changes) -> dict:
    data = {
        "organisation": office.pk,
        "first_name": "Muhammad",
        "last_name": "Ali",
        "birth_date": "2006-04-09",
        "german_level": "A2",
        "certificate": "none",
        "consent": "on",
    }
    return data | changes


def test_the_new_person_form_shows_probable_duplicates_and_saves_nothing(advisor, office):
    existing = _person(office, "Mohammed", "Ali")
    client = login(advisor)
    response = client.post("/de/staff/people/new/", _new_person_form(office))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Probably the same person" in html or "Wahrscheinlich dieselbe Person" in html
    assert f'href="/de/staff/people/{existing.pk}/"' in html
    assert 'name="save_anyway"' in html
    assert YoungPerson.objects.count() == 1

    response = client.post("/de/staff/people/new/", _new_person_form(office, save_anyway="1"))
    assert response.status_code == 302
    assert YoungPerson.objects.count() == 2


def test_the_new_person_form_shows_no_record_of_another_office(
    other_office_advisor, office, other_office
):
    _person(office, "Mohammed", "Ali")
    form = _new_person_form(other_office)
    response = login(other_office_advisor).post("/de/staff/people/new/", form)
    assert response.status_code == 302  # nothing like it in the advisor's own office: saved


def _pair(office, *, score=0.93):
    a = _person(office, "Yousef", "Al-Hassan", phone="0151 1111111", german_level="A2")
    b = _person(office, "Yusuf", "Hassan", email="yusuf@mail.test", german_level="B1")
    return DuplicateCandidate.objects.create(
        organisation=office,
        person_a=a,
        person_b=b,
        score=score,
        reasons=["name_variant", "birth_date_same"],
    )


def test_the_list_shows_the_offices_pairs_with_score_and_reasons(
    advisor, other_office_advisor, office
):
    pair = _pair(office)
    CaseFactory(organisation=office, young_person=pair.person_b, owner=advisor)
    html = login(advisor).get("/en/staff/duplicates/").content.decode()
    assert "Score 93 %" in html
    assert "the name in another spelling or script" in html
    assert "same date of birth" in html
    assert f'href="/en/staff/duplicates/people/{pair.pk}/merge/"' in html
    assert "Yousef Al-Hassan" in html and "Yusuf Hassan" in html
    other = login(other_office_advisor).get("/en/staff/duplicates/").content.decode()
    assert "Yusuf Hassan" not in other
    people_list = login(advisor).get("/en/staff/people/").content.decode()
    assert 'href="/en/staff/duplicates/"' in people_list


def test_not_the_same_person_hides_the_pair(advisor, office):
    pair = _pair(office)
    client = login(advisor)
    response = client.post(f"/en/staff/duplicates/people/{pair.pk}/dismiss/")
    assert response.status_code == 302
    pair.refresh_from_db()
    assert pair.status == "dismissed"
    assert "Yusuf Hassan" not in client.get("/en/staff/duplicates/").content.decode()
    # decided: its pages are gone
    assert client.get(f"/en/staff/duplicates/people/{pair.pk}/merge/").status_code == 404


def test_the_merge_page_asks_only_where_the_records_disagree(advisor, office):
    pair = _pair(office)
    html = login(advisor).get(f"/en/staff/duplicates/people/{pair.pk}/merge/").content.decode()
    assert 'name="keep"' in html
    assert 'name="f_first_name"' in html and 'name="f_last_name"' in html
    assert 'name="f_german_level"' in html
    assert 'name="f_phone"' not in html  # only one record has a phone: it is filled in


def test_merging_from_the_page_leads_to_the_kept_person_with_both_histories(advisor, office):
    pair = _pair(office)
    a, b = pair.person_a, pair.person_b
    CaseFactory(organisation=office, young_person=a, owner=advisor)
    CaseFactory(organisation=office, young_person=b, owner=advisor)
    client = login(advisor)
    response = client.post(
        f"/en/staff/duplicates/people/{pair.pk}/merge/",
        {
            "keep": "b",
            "f_first_name": "b",
            "f_last_name": "a",
            "f_german_level": "b",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == f"/en/staff/people/{b.pk}/"
    b.refresh_from_db()
    assert (b.first_name, b.last_name, b.phone, b.email) == (
        "Yusuf",
        "Al-Hassan",
        "0151 1111111",
        "yusuf@mail.test",
    )
    assert b.cases.count() == 2
    # the old record's page leads to the kept one
    old = client.get(f"/en/staff/people/{a.pk}/")
    assert old.status_code == 302 and old["Location"] == f"/en/staff/people/{b.pk}/"


def test_bad_input_on_the_merge_page_is_400_and_merges_nothing(advisor, office):
    pair = _pair(office)
    response = login(advisor).post(
        f"/en/staff/duplicates/people/{pair.pk}/merge/", {"keep": "c", "f_first_name": "x"}
    )
    assert response.status_code == 400
    assert not YoungPerson.objects.filter(merged_into__isnull=False).exists()


def test_another_office_gets_404_and_nothing_changes(other_office_advisor, office):
    pair = _pair(office)
    client = login(other_office_advisor)
    merge = f"/en/staff/duplicates/people/{pair.pk}/merge/"
    assert client.get(merge).status_code == 404
    assert client.post(merge, {"keep": "a"}).status_code == 404
    assert client.post(f"/en/staff/duplicates/people/{pair.pk}/dismiss/").status_code == 404
    pair.refresh_from_db()
    assert pair.status == "open"


def test_the_command_finds_the_pairs_and_says_so(office):
    from io import StringIO

    from django.core.management import call_command

    _person(office, "Ahmad", "Karimi")
    _person(office, "Ahmed", "Karimi")
    out = StringIO()
    call_command("find_duplicates", stdout=out)
    assert "2 people" in out.getvalue()
    assert "1 new possible duplicate(s)" in out.getvalue()
    assert DuplicateCandidate.objects.filter(organisation=office, status="open").count() == 1
