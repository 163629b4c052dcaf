"""Awards: nominations, conflict rules, score secrecy, ranking and results."""

from __future__ import annotations

import datetime as dt
import time

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from kausa.network import spam
from kausa.network.awards.services import nominations as awards
from kausa.network.models import JurorAssignment, Nomination, Score
from tests.conftest import login
from tests.factories import CompanyFactory, UserFactory
from tests.network.factories import ProfileFactory, edition_with_criteria, nomination

pytestmark = pytest.mark.django_db


def _juror(edition, email=None, **kw):
    user = UserFactory(**({"email": email} if email else {}))
    return JurorAssignment.objects.create(user=user, edition=edition, **kw)


def _points(edition, first, second):
    a, b = edition.criteria.all()
    return {a.pk: first, b.pk: second}


def _nomination_data(edition, **overrides):
    return {
        "category": edition.categories.first().pk,
        "company_name": "Friseur Haddad",
        "company_city": "Erfurt",
        "reason": "Bildet drei Geflüchtete aus.",
        "nominator_name": "Eva",
        "nominator_email": "eva@example.org",
        "consent": "on",
        "started": spam.form_token(time.time() - 20),
        "website_url": "",
    } | overrides


def test_anyone_can_nominate_and_the_office_screens(office, advisor):
    edition = edition_with_criteria(office)
    response = Client().post(f"/en/awards/{edition.pk}/nominate/", _nomination_data(edition))
    assert response.status_code == 302
    nominee = Nomination.objects.get(company_name="Friseur Haddad")
    assert nominee.status == Nomination.Status.SUBMITTED and nominee.organisation == office
    login(advisor).post(f"/en/staff/awards/nominations/{nominee.pk}/screen/", {"accept": "1"})
    nominee.refresh_from_db()
    assert nominee.status == Nomination.Status.ACCEPTED and nominee.screened_by == advisor


def test_nomination_spam_protection_and_rate_limit(office):
    edition = edition_with_criteria(office)
    client = Client()
    url = f"/en/awards/{edition.pk}/nominate/"
    assert client.post(url, _nomination_data(edition, website_url="spam")).status_code == 200
    assert client.post(url, _nomination_data(edition, started=spam.form_token())).status_code == 200
    assert not Nomination.objects.exists()
    # different nominators: this is the form's own limit per address, not the one per contact
    for number in range(5):
        data = _nomination_data(
            edition, company_name=f"F{number}", nominator_email=f"n{number}@x.de"
        )
        assert client.post(url, data).status_code == 302
    sixth = _nomination_data(edition, company_name="Six", nominator_email="six@x.de")
    assert client.post(url, sixth).status_code == 200
    assert Nomination.objects.count() == 5


def test_closed_nomination_period_refuses(office):
    edition = edition_with_criteria(office, open_now=False)
    response = Client().post(f"/en/awards/{edition.pk}/nominate/", _nomination_data(edition))
    assert response.status_code == 200
    assert not Nomination.objects.exists()
    with pytest.raises(ValidationError):
        awards.nomination_submit(
            edition=edition,
            category_id=edition.categories.first().pk,
            company_name="X",
            company_city="Y",
            company_website="",
            company_email="",
            reason="r",
            nominator_name="n",
            nominator_email="n@example.org",
        )


def test_declared_conflict_blocks_scoring(office):
    edition = edition_with_criteria(office)
    nominee = nomination(edition)
    juror = _juror(edition)
    awards.scores_record(juror=juror, nomination=nominee, points=_points(edition, 5, 5))
    awards.conflict_declare(juror=juror, nomination=nominee, reason="Nachbar")
    juror = JurorAssignment.objects.get(pk=juror.pk)
    assert not Score.objects.filter(juror=juror).exists()  # earlier points no longer count
    with pytest.raises(ValidationError):
        awards.scores_record(juror=juror, nomination=nominee, points=_points(edition, 9, 9))


def test_juror_linked_by_email_domain_cannot_score(office):
    edition = edition_with_criteria(office)
    company = CompanyFactory(organisation=office, contact_email="chef@yildiz-backwaren.de")
    nominee = nomination(edition, company=company)
    juror = _juror(edition, email="cousin@yildiz-backwaren.de")
    assert awards.conflict_reason(juror, nominee)
    with pytest.raises(ValidationError):
        awards.scores_record(juror=juror, nomination=nominee, points=_points(edition, 1, 1))
    page = login(juror.user).get(f"/en/jury/{edition.pk}/{nominee.pk}/")
    assert b"cannot score" in page.content
    post = login(juror.user).post(
        f"/en/jury/{edition.pk}/{nominee.pk}/",
        {f"c{c.pk}": 3 for c in edition.criteria.all()},
    )
    assert post.status_code == 200 and not Score.objects.exists()


def test_website_domain_and_declared_link_are_conflicts(office):
    edition = edition_with_criteria(office)
    nominee = nomination(edition, company_website="https://www.pflege-nour.de/team")
    assert awards.conflict_reason(_juror(edition, email="x@pflege-nour.de"), nominee)
    by_name = _juror(edition, declared_links="Bäckerei Yildiz, other.example")
    assert awards.conflict_reason(by_name, nomination(edition))
    by_domain = _juror(edition, declared_links="pflege-nour.de")
    assert awards.conflict_reason(by_domain, nominee)


def test_shared_mail_provider_is_no_conflict(office):
    edition = edition_with_criteria(office)
    nominee = nomination(edition, company_email="baeckerei.yildiz@gmail.com")
    juror = _juror(edition, email="juror@gmail.com")
    assert awards.conflict_reason(juror, nominee) == ""


def test_jurors_see_only_their_own_scores_until_the_round_closes(office, advisor):
    edition = edition_with_criteria(office)
    nominee = nomination(edition)
    alice, bob = _juror(edition), _juror(edition)
    awards.scores_record(juror=alice, nomination=nominee, points=_points(edition, 7, 3))
    awards.scores_record(juror=bob, nomination=nominee, points=_points(edition, 9, 8))
    page = login(alice.user).get(f"/en/jury/{edition.pk}/").content.decode()
    assert ">7<" in page and ">9<" not in page and ">8<" not in page
    assert "another juror" not in page
    awards.edition_close_round(user=advisor, edition=edition)
    page = login(alice.user).get(f"/en/jury/{edition.pk}/").content.decode()
    assert ">9<" in page and ">8<" in page and "another juror" in page
    with pytest.raises(ValidationError):  # scores are final after the round
        awards.scores_record(juror=alice, nomination=nominee, points=_points(edition, 1, 1))


def test_juror_of_one_edition_cannot_open_another(office):
    first, second = edition_with_criteria(office), edition_with_criteria(office, year=2025)
    juror = _juror(first)
    client = login(juror.user)
    assert client.get(f"/en/jury/{first.pk}/").status_code == 200
    assert client.get(f"/en/jury/{second.pk}/").status_code == 404


def test_unscreened_nominee_cannot_be_scored(office):
    edition = edition_with_criteria(office)
    nominee = nomination(edition, accepted=False)
    juror = _juror(edition)
    assert login(juror.user).get(f"/en/jury/{edition.pk}/{nominee.pk}/").status_code == 404


def test_scores_need_every_criterion_and_range(office):
    edition = edition_with_criteria(office)
    nominee, juror = nomination(edition), _juror(edition)
    first = edition.criteria.first()
    with pytest.raises(ValidationError):
        awards.scores_record(juror=juror, nomination=nominee, points={first.pk: 3})
    with pytest.raises(ValidationError):
        awards.scores_record(juror=juror, nomination=nominee, points=_points(edition, 11, 3))


def test_ranking_publication_story_and_profile(office, advisor):
    edition = edition_with_criteria(office)
    profile = ProfileFactory(company__organisation=office, company__name="Pflegedienst Nour")
    winner = nomination(edition, name="Pflegedienst Nour", company=profile.company)
    runner_up = nomination(edition, name="Kfz Demir")
    for juror in (_juror(edition), _juror(edition)):
        awards.scores_record(juror=juror, nomination=winner, points=_points(edition, 9, 5))
        awards.scores_record(juror=juror, nomination=runner_up, points=_points(edition, 6, 10))
    with pytest.raises(ValidationError):
        awards.edition_publish_results(user=advisor, edition=edition)
    awards.edition_close_round(user=advisor, edition=edition)
    awards.edition_publish_results(user=advisor, edition=edition, language="en")
    winner.refresh_from_db(), runner_up.refresh_from_db()
    assert (winner.place, runner_up.place) == (1, 2)
    edition.refresh_from_db()
    story = edition.results_story
    assert story.status == "published" and story.tags.filter(activity="award").exists()
    client = Client()
    assert "Pflegedienst Nour" in client.get(f"/en/stories/{story.pk}/").content.decode()
    profile_page = client.get(f"/en/network/companies/{profile.pk}/").content.decode()
    assert "Winner of Unternehmen mit Kultur" in profile_page
    assert "Pflegedienst Nour" in client.get("/en/awards/").content.decode()


def test_staff_edition_page_of_other_office_is_404(office, other_office_advisor):
    edition = edition_with_criteria(office)
    assert login(other_office_advisor).get(f"/en/staff/awards/{edition.pk}/").status_code == 404


def test_nomination_earlier_wins_a_full_tie(office, advisor):
    edition = edition_with_criteria(office)
    early = nomination(edition, name="Early")
    late = nomination(edition, name="Late")
    Nomination.objects.filter(pk=late.pk).update(
        created_at=early.created_at + dt.timedelta(hours=1)
    )
    juror = _juror(edition)
    awards.scores_record(juror=juror, nomination=late, points=_points(edition, 5, 5))
    awards.scores_record(juror=juror, nomination=early, points=_points(edition, 5, 5))
    ranked = awards.edition_ranking(edition)[early.category_id]
    assert [r.id for r in ranked] == [early.pk, late.pk]


def test_screening_links_the_nominee_to_the_office_company_of_that_name(office, advisor):
    edition = edition_with_criteria(office)
    company = CompanyFactory(organisation=office, name="Bäckerei Yildiz")
    nominee = nomination(edition, accepted=False)
    awards.nomination_screen(user=advisor, nomination=nominee, accept=True)
    assert nominee.company == company


def test_staff_reading_nominations_is_audited(office, advisor):
    from kausa.core.models import AuditEntry

    edition = edition_with_criteria(office)
    nomination(edition)
    login(advisor).get(f"/en/staff/awards/{edition.pk}/")
    entry = AuditEntry.objects.get(object_type="network.nomination", action="view")
    assert entry.actor == advisor and entry.organisation == office
