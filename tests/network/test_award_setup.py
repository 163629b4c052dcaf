"""Staff set award editions up themselves: awards, editions, categories, criteria, jurors."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import Client

from kausa.accounts.models import User
from kausa.core.models import AuditEntry
from kausa.events.models import Event
from kausa.network.awards.services import nominations as awards
from kausa.network.awards.services import setup as award_setup
from kausa.network.models import (
    Award,
    Category,
    Criterion,
    Edition,
    JurorAssignment,
    Score,
)
from tests.conftest import login
from tests.events.factories import EventFactory
from tests.factories import UserFactory
from tests.network.factories import AwardFactory, edition_with_criteria, nomination

pytestmark = pytest.mark.django_db


def _edition_data(**overrides):
    return {
        "year": "2027",
        "number": "3",
        "nomination_opens": "2027-03-01",
        "nomination_closes": "2027-05-31",
        "ceremony": "",
    } | overrides


def _score_once(edition):
    juror = JurorAssignment.objects.create(user=UserFactory(), edition=edition)
    nominee = nomination(edition)
    a, b = edition.criteria.all()
    awards.scores_record(juror=juror, nomination=nominee, points={a.pk: 5, b.pk: 6})
    return juror, nominee


# --- awards and editions ---------------------------------------------------------------------
def test_advisor_sets_up_award_edition_category_criterion_and_juror(office, advisor):
    client = login(advisor)
    response = client.post(
        "/en/staff/awards/new/",
        {"name": "Unternehmen mit Kultur", "slug": "umk-jena", "description": "Der Preis"},
    )
    award = Award.objects.get(slug="umk-jena")
    assert award.organisation == office
    assert response["Location"] == f"/en/staff/awards/award/{award.pk}/new-edition/"

    ceremony = EventFactory(organisation=office, type=Event.Type.AWARD, title="Preisverleihung")
    response = client.post(response["Location"], _edition_data(ceremony=str(ceremony.pk)))
    edition = Edition.objects.get(award=award)
    assert (edition.year, edition.number, edition.ceremony) == (2027, 3, ceremony)
    assert edition.organisation == office
    assert response["Location"] == f"/en/staff/awards/{edition.pk}/"

    base = f"/en/staff/awards/{edition.pk}"
    client.post(f"{base}/categories/new/", {"name": "Chancen geben", "description": "Mut"})
    client.post(f"{base}/criteria/new/", {"name": "Wirkung", "weight": "3"})
    juror_user = UserFactory(email="richterin@example.org", full_name="Dr. Leyla Aydın")
    client.post(
        f"{base}/jurors/new/",
        {"email": "Richterin@Example.org", "affiliation": "IHK", "declared_links": "demir.de"},
    )
    assert [c.name for c in edition.categories.all()] == ["Chancen geben"]
    criterion = edition.criteria.get()
    assert (criterion.name, criterion.weight) == ("Wirkung", 3)
    juror = edition.jurors.get()
    assert (juror.user, juror.affiliation, juror.declared_links) == (juror_user, "IHK", "demir.de")

    page = client.get(f"{base}/").content.decode()
    for text in ("Chancen geben", "Wirkung", "Dr. Leyla Aydın", "Preisverleihung"):
        assert text in page
    assert "Unternehmen mit Kultur 2027" in client.get("/en/staff/awards/").content.decode()
    logged = set(
        AuditEntry.objects.filter(organisation=office, actor=advisor).values_list(
            "object_type", "action"
        )
    )
    assert {
        ("network.award", "create"),
        ("network.edition", "create"),
        ("network.category", "create"),
        ("network.criterion", "create"),
        ("network.jurorassignment", "create"),
    } <= logged


def test_awards_list_shows_only_own_offices_awards(office, other_office, advisor):
    AwardFactory(organisation=office, name="Unser Preis")
    AwardFactory(organisation=other_office, name="Hamburger Preis")
    page = login(advisor).get("/en/staff/awards/").content.decode()
    assert "Unser Preis" in page and "Hamburger Preis" not in page


def test_taken_short_name_is_refused_and_saves_nothing(office, other_office, advisor):
    AwardFactory(organisation=other_office, slug="mut-preis")
    response = login(advisor).post(
        "/en/staff/awards/new/", {"name": "MUT-Preis", "slug": "mut-preis"}
    )
    assert response.status_code == 200
    assert "This short name is already taken" in response.content.decode()
    assert Award.objects.count() == 1


def test_second_edition_in_the_same_year_is_refused_with_a_message(office, advisor):
    edition = edition_with_criteria(office, year=2026)
    url = f"/en/staff/awards/award/{edition.award_id}/new-edition/"
    response = login(advisor).post(url, _edition_data(year="2026"))
    assert response.status_code == 200
    assert "already has an edition in 2026" in response.content.decode()
    assert Edition.objects.count() == 1


def test_edition_cannot_be_moved_onto_a_year_already_taken(office, advisor):
    first = edition_with_criteria(office, year=2026)
    second = Edition.objects.create(
        organisation=office,
        award=first.award,
        year=2027,
        nomination_opens=first.nomination_opens,
        nomination_closes=first.nomination_closes,
    )
    response = login(advisor).post(
        f"/en/staff/awards/{second.pk}/edit/", _edition_data(year="2026")
    )
    assert response.status_code == 200
    assert "already has an edition in 2026" in response.content.decode()
    second.refresh_from_db()
    assert second.year == 2027


def test_nominations_cannot_close_before_they_open(office, advisor):
    award = AwardFactory(organisation=office)
    response = login(advisor).post(
        f"/en/staff/awards/award/{award.pk}/new-edition/",
        _edition_data(nomination_opens="2027-05-01", nomination_closes="2027-04-30"),
    )
    assert response.status_code == 200
    assert "cannot close before they open" in response.content.decode()
    assert not Edition.objects.exists()
    with pytest.raises(ValidationError):  # the service says the same without the form
        award_setup.edition_create(
            user=None,
            award=award,
            year=2027,
            number=1,
            nomination_opens=dt.date(2027, 5, 1),
            nomination_closes=dt.date(2027, 4, 30),
        )


def test_edition_dates_and_ceremony_can_be_changed(office, advisor):
    edition = edition_with_criteria(office)
    ceremony = EventFactory(organisation=office, type=Event.Type.AWARD, title="Gala")
    response = login(advisor).post(
        f"/en/staff/awards/{edition.pk}/edit/",
        _edition_data(year="2026", number="1", ceremony=str(ceremony.pk)),
    )
    assert response.status_code == 302
    edition.refresh_from_db()
    assert edition.ceremony == ceremony
    assert str(edition.nomination_closes) == "2027-05-31"
    assert AuditEntry.objects.filter(object_type="network.edition", action="update").exists()


@pytest.mark.parametrize("whose", ["other office", "own office, not a ceremony"])
def test_only_an_award_ceremony_of_the_own_office_can_be_chosen(
    office, other_office, advisor, whose
):
    edition = edition_with_criteria(office)
    event = (
        EventFactory(organisation=other_office, type=Event.Type.AWARD)
        if whose == "other office"
        else EventFactory(organisation=office, type=Event.Type.PARENT_EVENING)
    )
    client = login(advisor)
    page = client.get(f"/en/staff/awards/{edition.pk}/edit/").content.decode()
    assert event.title not in page
    response = client.post(
        f"/en/staff/awards/{edition.pk}/edit/", _edition_data(ceremony=str(event.pk))
    )
    assert response.status_code == 200 and "has-error" in response.content.decode()
    edition.refresh_from_db()
    assert edition.ceremony is None and edition.year == 2026
    with pytest.raises(ValidationError):
        award_setup.edition_update(
            user=advisor,
            edition=edition,
            year=2026,
            number=1,
            nomination_opens=edition.nomination_opens,
            nomination_closes=edition.nomination_closes,
            ceremony=event,
        )


# --- categories and criteria -----------------------------------------------------------------
def test_category_and_criterion_can_be_edited_and_deleted_before_scoring(office, advisor):
    edition = edition_with_criteria(office)
    category, criterion = edition.categories.last(), edition.criteria.last()
    client, base = login(advisor), f"/en/staff/awards/{edition.pk}"
    client.post(f"{base}/categories/{category.pk}/", {"name": "Innovation & Mut", "position": "0"})
    client.post(
        f"{base}/criteria/{criterion.pk}/", {"name": "Vorbild", "weight": "7", "position": "5"}
    )
    category.refresh_from_db(), criterion.refresh_from_db()
    assert category.name == "Innovation & Mut"
    assert (criterion.weight, criterion.position) == (7, 5)
    client.post(f"{base}/categories/{category.pk}/delete/")
    client.post(f"{base}/criteria/{criterion.pk}/delete/")
    assert not Category.objects.filter(pk=category.pk).exists()
    assert not Criterion.objects.filter(pk=criterion.pk).exists()


@pytest.mark.parametrize(
    ("kind", "data"),
    [
        ("categories", {"name": ""}),
        ("criteria", {"name": "", "weight": "3"}),
        ("criteria", {"name": "Mut", "weight": "0"}),
        ("criteria", {"name": "Mut", "weight": "101"}),
        ("criteria", {"name": "Mut", "weight": "viel"}),
    ],
)
def test_bad_category_or_criterion_is_shown_again_and_nothing_changes(office, advisor, kind, data):
    edition = edition_with_criteria(office)
    before = (edition.categories.count(), edition.criteria.count())
    response = login(advisor).post(f"/en/staff/awards/{edition.pk}/{kind}/new/", data)
    assert response.status_code == 200
    assert 'role="alert"' in response.content.decode()
    assert (edition.categories.count(), edition.criteria.count()) == before


def test_category_with_nominations_cannot_be_deleted(office, advisor):
    edition = edition_with_criteria(office)
    nominee = nomination(edition)
    client = login(advisor)
    response = client.post(
        f"/en/staff/awards/{edition.pk}/categories/{nominee.category_id}/delete/", follow=True
    )
    assert "has nominations (1) and cannot be deleted" in response.content.decode()
    assert Category.objects.filter(pk=nominee.category_id).exists()


def test_criteria_are_fixed_once_a_juror_has_scored(office, advisor):
    edition = edition_with_criteria(office)
    _score_once(edition)
    first = edition.criteria.first()
    client, base = login(advisor), f"/en/staff/awards/{edition.pk}"

    page = client.get(f"{base}/").content.decode()
    assert "Jurors have started scoring" in page
    assert f"{base}/criteria/new/" not in page  # no add form
    # Re-weighting and re-ordering are refused; the wording may still be corrected.
    response = client.post(
        f"{base}/criteria/{first.pk}/",
        {"name": "Wirkung in der Region", "weight": "99", "position": "9"},
    )
    assert response.status_code == 302
    first.refresh_from_db()
    assert (first.name, first.weight, first.position) == ("Wirkung in der Region", 3, 0)
    response = client.post(f"{base}/criteria/new/", {"name": "Neu", "weight": "5"})
    assert (
        response.status_code == 200 and "Jurors have started scoring" in response.content.decode()
    )
    response = client.post(f"{base}/criteria/{first.pk}/delete/", follow=True)
    assert "Jurors have started scoring" in response.content.decode()
    assert edition.criteria.count() == 2
    with pytest.raises(ValidationError):
        award_setup.criterion_save(
            user=advisor, edition=edition, criterion=first, name=first.name, weight=10
        )
    assert Score.objects.count() == 2  # the given points still count


def test_criteria_are_fixed_after_the_round_is_closed(office, advisor):
    edition = edition_with_criteria(office)
    awards.edition_close_round(user=advisor, edition=edition)
    response = login(advisor).post(
        f"/en/staff/awards/{edition.pk}/criteria/new/", {"name": "Spät", "weight": "2"}
    )
    assert "The jury round is closed" in response.content.decode()
    assert edition.criteria.count() == 2


# --- jurors ----------------------------------------------------------------------------------
def test_juror_added_by_email_opens_the_jury_page(office, advisor):
    edition = edition_with_criteria(office)
    person = UserFactory(email="juror@hwk-erfurt.de")  # no office membership
    response = login(advisor).post(
        f"/en/staff/awards/{edition.pk}/jurors/new/", {"email": "juror@hwk-erfurt.de"}
    )
    assert response.status_code == 302
    assert login(person).get(f"/de/jury/{edition.pk}/").status_code == 200


def test_new_juror_gets_an_account_and_an_invitation_to_choose_a_password(
    office, advisor, django_capture_on_commit_callbacks, settings
):
    settings.SITE_URL = "https://kausa.example"
    edition = edition_with_criteria(office)
    client, url = login(advisor), f"/en/staff/awards/{edition.pk}/jurors/new/"
    response = client.post(url, {"email": "neu@example.org"})  # no name: nothing is created
    assert response.status_code == 200
    assert "There is no account with this address yet" in response.content.decode()
    assert not User.objects.filter(email="neu@example.org").exists()

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url, {"email": "Neu@Example.org", "full_name": "Samira Neu"}, follow=True
        )
    assert "An e-mail with a link to choose a password went to neu@example.org" in (
        response.content.decode()
    )
    person = User.objects.get(email="neu@example.org")
    assert person.full_name == "Samira Neu" and person.is_active
    assert not person.has_usable_password()
    assert not person.memberships.exists()
    page = client.get(f"/en/staff/awards/{edition.pk}/").content.decode()
    assert "No password chosen yet" in page
    # the invitation (in the language the advisor used) leads to a password, then a login
    assert [m.to for m in mail.outbox] == [["neu@example.org"]]
    link = re.search(r"https://kausa.example(/\S+/password-reset/\S+/)", mail.outbox[0].body)
    assert link, mail.outbox[0].body
    anonymous = Client()
    form_page = anonymous.get(link.group(1), follow=True)
    assert form_page.status_code == 200 and "new_password1" in form_page.content.decode()
    done = anonymous.post(
        form_page.redirect_chain[-1][0] if form_page.redirect_chain else link.group(1),
        {"new_password1": "Jury-Passwort-2026!", "new_password2": "Jury-Passwort-2026!"},
    )
    assert done.status_code == 302
    person.refresh_from_db()
    assert person.check_password("Jury-Passwort-2026!")
    assert (
        anonymous.post(
            "/de/accounts/login/",
            {"username": "neu@example.org", "password": "Jury-Passwort-2026!"},
        ).status_code
        == 302
    )
    assert anonymous.get(f"/de/jury/{edition.pk}/").status_code == 200


def test_the_same_person_cannot_join_the_jury_twice(office, advisor):
    edition = edition_with_criteria(office)
    person = UserFactory(email="doppelt@example.org")
    JurorAssignment.objects.create(user=person, edition=edition)
    response = login(advisor).post(
        f"/en/staff/awards/{edition.pk}/jurors/new/", {"email": "doppelt@example.org"}
    )
    assert response.status_code == 200
    assert "already on the jury" in response.content.decode()
    assert edition.jurors.count() == 1


def test_juror_who_scored_stays_and_one_who_did_not_can_be_removed(office, advisor):
    edition = edition_with_criteria(office)
    scored, _nominee = _score_once(edition)
    idle = JurorAssignment.objects.create(user=UserFactory(), edition=edition)
    client, base = login(advisor), f"/en/staff/awards/{edition.pk}/jurors"
    response = client.post(f"{base}/{scored.pk}/delete/", follow=True)
    assert "has already scored and stays on the jury" in response.content.decode()
    client.post(f"{base}/{idle.pk}/delete/")
    assert list(edition.jurors.all()) == [scored]


def test_edition_page_counts_each_jurors_work_but_shows_no_points(office, advisor):
    edition = edition_with_criteria(office)
    juror, _nominee = _score_once(edition)
    other = nomination(edition, name="Kfz Demir")
    awards.conflict_declare(juror=juror, nomination=other, reason="Cousin")
    page = login(advisor).get(f"/en/staff/awards/{edition.pk}/").content.decode()
    assert "scored 1 nomination" in page and "1 conflict declared" in page
    assert "Cousin" not in page


# --- other offices ---------------------------------------------------------------------------
def _new_urls(edition, juror):
    base = f"/en/staff/awards/{edition.pk}"
    category, criterion = edition.categories.last(), edition.criteria.first()
    return [
        f"/en/staff/awards/award/{edition.award_id}/",
        f"/en/staff/awards/award/{edition.award_id}/new-edition/",
        f"{base}/edit/",
        f"{base}/categories/new/",
        f"{base}/categories/{category.pk}/",
        f"{base}/categories/{category.pk}/delete/",
        f"{base}/criteria/new/",
        f"{base}/criteria/{criterion.pk}/",
        f"{base}/criteria/{criterion.pk}/delete/",
        f"{base}/jurors/new/",
        f"{base}/jurors/{juror.pk}/delete/",
    ]


def test_other_office_gets_404_on_every_set_up_page_and_changes_nothing(
    office, other_office_advisor
):
    edition = edition_with_criteria(office)
    juror = JurorAssignment.objects.create(user=UserFactory(email="j@example.org"), edition=edition)
    client = login(other_office_advisor)
    data = _edition_data() | {
        "name": "Übernommen",
        "slug": "uebernommen",
        "weight": "50",
        "email": "j@example.org",
        "full_name": "Fremd",
    }
    for url in _new_urls(edition, juror):
        # Deleting is POST only, for everyone: a GET is refused before any lookup.
        assert client.get(url).status_code == (405 if url.endswith("/delete/") else 404), url
        assert client.post(url, data).status_code == 404, url
    assert edition.categories.count() == 2 and edition.criteria.count() == 2
    assert list(edition.jurors.all()) == [juror]
    assert Edition.objects.count() == 1 and not Award.objects.filter(slug="uebernommen").exists()
    edition.award.refresh_from_db()
    assert edition.award.name == "Unternehmen mit Kultur"


def test_anonymous_visitor_is_sent_to_login(office):
    edition = edition_with_criteria(office)
    response = Client().post(f"/en/staff/awards/{edition.pk}/criteria/new/", {"name": "X"})
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert edition.criteria.count() == 2


def test_awards_list_query_count_does_not_grow_with_awards(office, advisor):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = login(advisor)

    def queries():
        with CaptureQueriesContext(connection) as context:
            assert client.get("/en/staff/awards/").status_code == 200
        return len(context.captured_queries)

    edition_with_criteria(office, year=2025)
    few = queries()
    for year in (2026, 2027, 2028):
        edition_with_criteria(office, year=year)
    assert queries() == few
