"""New offers for your people (issue 16, item 6): the nightly job, its pages and the staff
home. The engine's update is checked against the full batch in test_batch_new_offers.py."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from kausa.companies.models import Company, Offer
from kausa.core.scheduler import JOBS
from kausa.counselling.models import OfferProposal
from kausa.counselling.services import offer_propose
from kausa.matching import new_matches
from kausa.matching.models import NewMatchRun, NewOfferMatch, PersonTopOffers
from kausa.people.models import YoungPerson
from tests.conftest import login
from tests.counselling.factories import CaseFactory
from tests.factories import YoungPersonFactory, occupation
from tests.matching.factories import offer_at

pytestmark = pytest.mark.django_db
KFZ = "Kfz-Mechatroniker/in"


def _age(*objects, days: int = 3) -> None:
    """As if these were last changed ``days`` ago (before the last run)."""
    then = timezone.now() - dt.timedelta(days=days)
    for obj in objects:
        type(obj).objects.filter(pk=obj.pk).update(updated_at=then, created_at=then)
        if isinstance(obj, Offer):
            Company.objects.filter(pk=obj.company_id).update(updated_at=then)


def _person(office, plz: str = "10115"):
    from tests.factories import postal_code

    person = YoungPersonFactory(organisation=office, postal_code=postal_code(plz))
    person.occupations_of_interest.add(occupation(KFZ))
    return person


def _pairs() -> set[tuple[int, int]]:
    return set(NewOfferMatch.objects.values_list("person_id", "offer_id"))


@pytest.fixture
def world(office, other_office, advisor):
    """Two people with the same wish at the same place, one per office; an old offer."""
    mine = _person(office)
    case = CaseFactory(organisation=office, young_person=mine, owner=advisor)
    theirs = _person(other_office)
    old = offer_at(office, "10115", occ=KFZ)
    _age(mine, theirs, old, case)
    first = new_matches.match_new_offers()
    _age(mine, theirs)
    NewMatchRun.objects.filter(pk=first.pk).update(
        started_at=first.started_at - dt.timedelta(days=1)
    )
    first.refresh_from_db()
    return {"mine": mine, "theirs": theirs, "old": old, "first": first, "advisor": advisor}


def test_first_run_ranks_everyone_in_full_and_stores_their_top_offers(world):
    first = world["first"]
    assert first.full and first.finished_at and first.people == 2 and first.ranked_in_full == 2
    # the old offer was changed before the first run's window (the last day): not new
    assert first.matches == 0 and not _pairs()
    top = PersonTopOffers.objects.get(person=world["mine"])
    assert top.offer_ids == [world["old"].pk] and top.keys[0] >= 600_000


def test_a_new_offer_becomes_a_match_for_the_people_it_fits_once(world, office):
    mine, theirs = world["mine"], world["theirs"]
    new = offer_at(office, "10117", occ=KFZ)  # ~1 km away, the same occupation
    weak = offer_at(office, "14467", occ="Verkäufer/in")  # ~27 km, another occupation
    run = new_matches.match_new_offers()
    assert not run.full and run.ranked_in_full == 0  # only the changed offers were ranked
    assert run.changed_offers == 2
    assert run.since == world["first"].started_at - new_matches.OVERLAP
    # the weak one entered their top ten too, but below the threshold
    assert PersonTopOffers.objects.get(person=mine).offer_ids[:2] == [world["old"].pk, new.pk]
    assert weak.pk in PersonTopOffers.objects.get(person=mine).offer_ids
    assert _pairs() == {(mine.pk, new.pk), (theirs.pk, new.pk)}
    match = NewOfferMatch.objects.get(person=mine)
    assert match.organisation_id == mine.organisation_id
    assert match.advisor == world["advisor"]  # the owner of the person's open case
    assert match.score >= new_matches.MIN_SCORE
    assert NewOfferMatch.objects.get(person=theirs).advisor is None

    # the next night: nothing new, nothing brought up twice
    again = new_matches.match_new_offers(now=timezone.now() + dt.timedelta(days=1))
    assert again.matches == 0 and NewOfferMatch.objects.count() == 2
    assert NewMatchRun.objects.count() == 3


def test_an_offer_proposed_before_is_not_brought_up(world, office, advisor):
    mine, theirs = world["mine"], world["theirs"]
    new = offer_at(office, "10117", occ=KFZ)
    offer_propose(user=advisor, young_person=mine, offer=new)
    _age(mine)
    new_matches.match_new_offers()
    assert _pairs() == {(theirs.pk, new.pk)}


def test_a_changed_person_is_ranked_in_full(world, office):
    mine = world["mine"]
    mine.german_level = "B2"
    mine.save()
    new = offer_at(office, "10117", occ=KFZ)
    run = new_matches.match_new_offers()
    assert run.ranked_in_full == 1
    assert (mine.pk, new.pk) in _pairs()


PLACES = ("10115", "10117", "10178", "13187", "14467", "12043", "10405", "10551", "12435")


def _top10() -> dict[int, tuple[list[int], list[int]]]:
    return {t.person_id: (t.offer_ids[:10], t.keys[:10]) for t in PersonTopOffers.objects.all()}


def test_the_update_equals_ranking_everyone_in_full(world, office):
    # more offers than a stored list holds (20), so the lists are not complete
    offers = [
        offer_at(office, PLACES[i % len(PLACES)], occ=KFZ if i % 3 else "Verkäufer/in")
        for i in range(27)
    ]
    _age(*offers)
    NewMatchRun.objects.update(started_at=timezone.now() - dt.timedelta(days=2))
    first = new_matches.match_new_offers(full=True)
    assert first.ranked_in_full == 2
    assert len(PersonTopOffers.objects.get(person=world["mine"]).offer_ids) == 20
    assert not PersonTopOffers.objects.get(person=world["mine"]).complete
    _age(world["mine"], world["theirs"])
    NewMatchRun.objects.update(started_at=timezone.now() - dt.timedelta(days=1))
    # the night: three of their top offers change (one closes), two new ones come
    top = PersonTopOffers.objects.get(person=world["mine"]).offer_ids
    Offer.objects.filter(pk=top[0]).update(
        start_date=dt.date(2029, 8, 1), updated_at=timezone.now()
    )
    Offer.objects.filter(pk=top[4]).update(status=Offer.Status.WITHDRAWN, updated_at=timezone.now())
    Offer.objects.filter(pk=top[12]).update(required_german="C1", updated_at=timezone.now())
    offer_at(office, "10117", occ=KFZ)
    offer_at(office, "13187", occ=KFZ)
    run = new_matches.match_new_offers()
    assert run.ranked_in_full == 0  # the changes were absorbed by the stored lists
    updated = _top10()
    assert top[4] not in updated[world["mine"].pk][0]
    NewMatchRun.objects.update(started_at=timezone.now() - dt.timedelta(days=1))
    again = new_matches.match_new_offers(full=True)
    assert again.full and again.ranked_in_full == 2
    assert _top10() == updated


def test_people_of_another_office_and_merged_or_anonymised_people_are_not_shown(
    world, office, other_office_advisor
):
    new = offer_at(office, "10117", occ=KFZ)
    new_matches.match_new_offers()
    mine, theirs = world["mine"], world["theirs"]
    ours = list(new_matches.new_offer_matches(user=world["advisor"]))
    assert [(m.person_id, m.offer_id) for m in ours] == [(mine.pk, new.pk)]
    other = list(new_matches.new_offer_matches(user=other_office_advisor))
    assert [m.person_id for m in other] == [theirs.pk]
    YoungPerson.objects.filter(pk=mine.pk).update(is_anonymised=True)
    assert not new_matches.new_offer_matches(user=world["advisor"]).exists()


def test_home_shows_new_offers_one_click_from_proposing(world, office, other_office_advisor):
    new = offer_at(office, "10117", occ=KFZ)
    new_matches.match_new_offers()
    client = login(world["advisor"])
    page = client.get("/de/staff/").content.decode()
    assert "Neue Angebote für Ihre jungen Menschen" in page
    assert world["mine"].full_name in page and world["theirs"].full_name not in page
    assert '<form method="post" action="/de/staff/proposals/"' in page
    assert f'name="offer" value="{new.pk}"' in page
    # the one click: the form's fields as the browser sends them
    response = client.post(
        "/de/staff/proposals/",
        {
            "young_person": world["mine"].pk,
            "offer": new.pk,
            "score": "0.9",
            "next": "/de/staff/",
        },
    )
    assert response.status_code == 302 and response["Location"] == "/de/staff/"
    assert OfferProposal.objects.filter(case__young_person=world["mine"], offer=new).exists()
    page = client.get("/de/staff/").content.decode()
    assert f'name="offer" value="{new.pk}"' not in page  # proposed: no longer new
    # the other office's advisor sees their own person's match only
    other_page = login(other_office_advisor).get("/de/staff/matching/new-offers/")
    text = other_page.content.decode()
    assert world["theirs"].full_name in text and world["mine"].full_name not in text


def test_dismissed_matches_go_and_another_office_cannot_dismiss(
    world, office, other_office_advisor
):
    offer_at(office, "10117", occ=KFZ)
    new_matches.match_new_offers()
    match = NewOfferMatch.objects.get(person=world["mine"])
    url = f"/de/staff/matching/new-offers/{match.pk}/dismiss/"
    assert login(other_office_advisor).post(url).status_code == 404
    client = login(world["advisor"])
    assert client.get("/de/staff/matching/new-offers/").content.decode().count(url) == 1
    assert client.post(url).status_code == 302
    match.refresh_from_db()
    assert match.dismissed_at is not None
    assert url not in client.get("/de/staff/matching/new-offers/").content.decode()


def test_the_command_and_the_scheduler_entry(world, office):
    offer_at(office, "10117", occ=KFZ)
    out = io.StringIO()
    call_command("match_new_offers", stdout=out)
    assert "2 new matches for 2 young people" in out.getvalue()
    job = next(j for j in JOBS if j.name == "new-offer-matches")
    assert job.command == "match_new_offers" and job.every == dt.timedelta(days=1)
